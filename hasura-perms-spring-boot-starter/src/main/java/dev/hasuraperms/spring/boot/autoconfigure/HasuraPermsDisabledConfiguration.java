package dev.hasuraperms.spring.boot.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Active only when hasura-perms is switched off deliberately ({@code hasura.perms.enabled=false}): says so in the
 * log at WARN, since nothing is then filtered or guarded.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hasura.perms", name = "enabled", havingValue = "false")
public class HasuraPermsDisabledConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HasuraPermsDisabledConfiguration.class);

    /** Creates the configuration and logs at WARN that nothing is loaded, filtered or guarded. */
    public HasuraPermsDisabledConfiguration() {
        LOG.warn("hasura-perms is disabled (hasura.perms.enabled=false): no permission is loaded, no Spring Data read"
                + " is filtered and no write is guarded");
    }
}
