package dev.hasuraperms.spring.boot.autoconfigure;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.PermissionListener;
import dev.hasuraperms.session.JwtClaimsConfig;
import dev.hasuraperms.spring.HeaderSessionResolver;
import dev.hasuraperms.spring.JwtSessionResolver;
import dev.hasuraperms.spring.RequestHeaders;
import dev.hasuraperms.spring.SessionContext;
import dev.hasuraperms.spring.SessionResolver;
import dev.hasuraperms.spring.web.PermissionProblemDetails;
import dev.hasuraperms.spring.jpa.JpaPermissions;
import dev.hasuraperms.spring.jpa.JpaReadGuard;
import dev.hasuraperms.spring.jpa.JpaWriteGuard;
import dev.hasuraperms.spring.jpa.RepositoryGuard;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import jakarta.persistence.EntityManagerFactory;
import org.jooq.impl.DefaultVisitListenerProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spring Boot auto-configuration of hasura-perms, active whenever the module is on the class path, unless switched
 * off deliberately with {@code hasura.perms.enabled=false} (logged at WARN). Active but with
 * {@code hasura.perms.metadata} unset or blank, start-up fails ({@link NotConfiguredException}): an application never
 * runs unfiltered because a property is missing.
 *
 * <ul>
 *   <li>{@link CheckedPermissions}: the metadata loaded from {@code hasura.perms.metadata} and type-checked against
 *       the application's {@link DataSource} at start-up, after the database initializers (SQL scripts, Flyway,
 *       Liquibase); any error stops start-up with every diagnostic. Without a (unique) {@code DataSource} bean,
 *       start-up stops ({@link NotConfiguredException}) unless the application declares its own
 *       {@code CheckedPermissions} bean. An {@link InputValidator} bean is registered in the check
 *       ({@link CheckOptions#withInputValidator}): it stands in for {@code validate_input} webhooks, and without one
 *       such permissions stop start-up ({@code NO_INPUT_VALIDATOR});</li>
 *   <li>{@link SessionResolver}: {@link JwtSessionResolver} on Spring Security's JWT (Hasura claims mapping from
 *       {@code hasura.perms.jwt.*}), or {@link HeaderSessionResolver} when
 *       {@code hasura.perms.session.trusted-headers=true}; either wrapped so {@link SessionContext#callAs} wins;
 *       a bean of your own replaces it;</li>
 *   <li>{@link JpaPermissions} (Specification factory; every permission checked against the entity mapping at
 *       start-up) and its {@link JpaWriteGuard}, when Spring Data JPA and Hibernate are in use;</li>
 *   <li>the jOOQ {@link PermissionListener} in Spring Boot's {@code DSLContext}, only when
 *       {@code hasura.perms.jooq.auto-apply=true} and jOOQ is on the class path.</li>
 * </ul>
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"},
        beforeName = "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration")
@ConditionalOnProperty(prefix = "hasura.perms", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(HasuraPermsProperties.class)
public class HasuraPermsAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HasuraPermsAutoConfiguration.class);

    /**
     * Creates the auto-configuration, refusing to start without metadata: active without
     * {@code hasura.perms.metadata}, no permission would be enforced.
     *
     * @param properties the bound {@code hasura.perms.*} properties
     * @throws NotConfiguredException when {@code hasura.perms.metadata} is unset or blank
     */
    public HasuraPermsAutoConfiguration(HasuraPermsProperties properties) {
        String metadata = properties.getMetadata();
        if (metadata == null || metadata.isBlank()) {
            throw new NotConfiguredException("hasura-perms-spring is on the class path but hasura.perms.metadata is "
                    + (metadata == null ? "not set" : "blank")
                    + ": no permission would be enforced, so start-up is stopped",
                    "Set hasura.perms.metadata to the Hasura metadata (for example"
                            + " hasura.perms.metadata=classpath:hasura/metadata.json or file:./hasura/metadata), or"
                            + " switch hasura-perms off deliberately with hasura.perms.enabled=false.");
        }
    }

    private static final boolean SPRING_SECURITY_JWT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.jwt.Jwt", HasuraPermsAutoConfiguration.class.getClassLoader());
    private static final boolean SERVLET_WEB = ClassUtils.isPresent(
            "org.springframework.web.context.request.ServletRequestAttributes",
            HasuraPermsAutoConfiguration.class.getClassLoader())
            && ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
            HasuraPermsAutoConfiguration.class.getClassLoader());

    /**
     * Loads the metadata at {@code hasura.perms.metadata} and type-checks it against the live schema of the
     * application's {@link DataSource}, logging how many rules and tables were loaded.
     *
     * @param properties the bound {@code hasura.perms.*} properties (metadata location and schemas)
     * @param dataSources the application's data sources: exactly one, or one {@code @Primary}, is required
     * @param validators an optional {@link InputValidator} bean; when present, permissions with
     *                   {@code validate_input} are accepted and call it
     * @param resources resolves the metadata location to a Spring resource
     * @return the checked permissions, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when the metadata cannot be loaded or does not
     *                                type-check against the database
     * @throws NotConfiguredException when there is no (unique) {@link DataSource} to type-check the metadata against:
     *                                the module would otherwise create no permissions and guard nothing
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public CheckedPermissions hasuraCheckedPermissions(HasuraPermsProperties properties,
                                                       ObjectProvider<DataSource> dataSources,
                                                       ObjectProvider<InputValidator> validators,
                                                       ResourceLoader resources) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new NotConfiguredException("hasura.perms.metadata is set but the application context has "
                    + (dataSources.stream().findAny().isPresent() ? "several DataSource beans and none is @Primary"
                    : "no DataSource bean")
                    + ": the metadata cannot be type-checked, no permission would be enforced, so start-up is stopped",
                    "Declare a DataSource bean for the database the permissions apply to (or mark one @Primary), or"
                            + " declare a CheckedPermissions bean of your own (for example checked against a schema"
                            + " read elsewhere), or switch hasura-perms off deliberately with"
                            + " hasura.perms.enabled=false.");
        }
        // several InputValidator beans without a @Primary one: getIfAvailable throws, start-up stops
        InputValidator validator = validators.getIfAvailable();
        CheckOptions options = validator == null ? CheckOptions.DEFAULT : CheckOptions.DEFAULT.withInputValidator(validator);
        long start = System.nanoTime();
        CheckedPermissions checked = HasuraPermsLoader.load(
                resources.getResource(properties.getMetadata().strip()), dataSource, properties.getSchemas(), options);
        LOG.info("hasura-perms: {} permission rules on {} tables loaded from {} and type-checked against the database"
                + " in {} ms{}", checked.rules().size(), checked.tables().size(), properties.getMetadata().strip(),
                (System.nanoTime() - start) / 1_000_000,
                validator == null ? "" : "; validate_input calls the InputValidator bean " + validator.getClass().getName());
        return checked;
    }

    /**
     * The session resolver: trusted X-Hasura-* headers when {@code hasura.perms.session.trusted-headers} is on,
     * otherwise the Hasura claims of Spring Security's JWT (with the X-Hasura-Role header selecting among the allowed
     * roles when {@code hasura.perms.jwt.role-header} is on). Without Spring Security's JWT support, a resolver that
     * refuses every request with a {@link dev.hasuraperms.session.MissingRoleException}. Either way a session bound
     * with {@link SessionContext} takes precedence.
     *
     * @param properties the bound {@code hasura.perms.*} properties (session and JWT settings)
     * @return the session resolver, never null
     * @throws IllegalStateException when trusted headers are configured without Spring MVC (servlet)
     */
    @Bean
    @ConditionalOnMissingBean
    public SessionResolver hasuraSessionResolver(HasuraPermsProperties properties) {
        if (properties.getSession().isTrustedHeaders()) {
            if (!SERVLET_WEB) {
                throw new IllegalStateException("hasura.perms.session.trusted-headers needs Spring MVC (servlet)");
            }
            return SessionContext.overriding(new HeaderSessionResolver());
        }
        if (!SPRING_SECURITY_JWT) {
            return SessionContext.overriding(() -> {
                throw new dev.hasuraperms.session.MissingRoleException("no SessionResolver: add Spring Security's"
                        + " OAuth2 resource server (JWT), enable hasura.perms.session.trusted-headers, or declare a"
                        + " SessionResolver bean");
            });
        }
        JwtClaimsConfig config = claimsConfig(properties.getJwt());
        boolean header = properties.getJwt().isRoleHeader() && SERVLET_WEB;
        return SessionContext.overriding(new JwtSessionResolver(config,
                header ? RequestHeaders::current : name -> Optional.empty()));
    }

    /**
     * The Hasura claims mapping of {@code hasura.perms.jwt.*}.
     *
     * @param jwt the bound properties
     * @return the claims configuration
     */
    public static JwtClaimsConfig claimsConfig(HasuraPermsProperties.Jwt jwt) {
        List<String> members = new ArrayList<>();
        if (jwt.getClaimsNamespace() != null) {
            members.add("\"claims_namespace\":" + quote(jwt.getClaimsNamespace()));
        }
        if (jwt.getClaimsNamespacePath() != null) {
            members.add("\"claims_namespace_path\":" + quote(jwt.getClaimsNamespacePath()));
        }
        if (jwt.getClaimsFormat() != null) {
            members.add("\"claims_format\":" + quote(jwt.getClaimsFormat()));
        }
        if (jwt.getClaimsMap() != null) {
            members.add("\"claims_map\":" + jwt.getClaimsMap());
        }
        return JwtClaimsConfig.parse("{" + String.join(",", members) + "}");
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        dev.hasuraperms.json.JsonWriter.quote(s, sb);
        return sb.toString();
    }

    /** The JPA integration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.data.jpa.domain.Specification",
            "org.hibernate.engine.spi.SessionFactoryImplementor"})
    @ConditionalOnProperty(prefix = "hasura.perms.jpa", name = "enabled", matchIfMissing = true)
    static class Jpa {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(EntityManagerFactory.class)
        public JpaPermissions hasuraJpaPermissions(CheckedPermissions permissions, EntityManagerFactory emf,
                                                   SessionResolver sessions, HasuraPermsProperties properties) {
            HasuraPermsProperties.Jpa jpa = properties.getJpa();
            long start = System.nanoTime();
            JpaPermissions perms = JpaPermissions.of(permissions, emf, sessions,
                    new JpaPermissions.Options(jpa.getDefaultSchema(), jpa.isRequireEntityForEveryTable()));
            LOG.info("hasura-perms: permissions mapped onto the JPA entities and checked in {} ms",
                    (System.nanoTime() - start) / 1_000_000);
            if (jpa.isGuardWrites()) {
                JpaWriteGuard.install(perms, emf);
            } else {
                LOG.warn("hasura-perms: hasura.perms.jpa.guard-writes=false: Hibernate writes are not guarded");
            }
            return perms;
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(EntityManagerFactory.class)
        @ConditionalOnProperty(prefix = "hasura.perms.jpa", name = "guard-reads", matchIfMissing = true)
        public JpaReadGuard hasuraJpaReadGuard(JpaPermissions perms, EntityManagerFactory emf) {
            return JpaReadGuard.install(perms, emf);
        }

        /** Puts every Spring Data JPA repository of an entity with permissions under them. */
        @Bean
        @ConditionalOnProperty(prefix = "hasura.perms.jpa", name = "guard-reads", matchIfMissing = true)
        static BeanPostProcessor hasuraRepositoryGuardInstaller(ObjectProvider<JpaPermissions> perms,
                                                                 ObjectProvider<JpaReadGuard> reads,
                                                                 ObjectProvider<EntityManagerFactory> emf) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> factoryBean) {
                        factoryBean.addRepositoryFactoryCustomizer(factory -> factory.addRepositoryProxyPostProcessor(
                                RepositoryGuard.postProcessor(perms::getObject, reads::getObject,
                                        () -> SharedEntityManagerCreator.createSharedEntityManager(emf.getObject()))));
                    }
                    return bean;
                }
            };
        }

        /** Says so when reads are deliberately left unguarded. */
        @Bean
        @ConditionalOnProperty(prefix = "hasura.perms.jpa", name = "guard-reads", havingValue = "false")
        public Object hasuraUnguardedReadsWarning() {
            LOG.warn("hasura-perms: hasura.perms.jpa.guard-reads=false: Spring Data repositories and entity loads are"
                    + " not filtered by the select permissions; only explicit Specifications are");
            return new Object();
        }
    }

    /** hasura-perms refusals as problem details, opt-in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.http.ProblemDetail",
            "org.springframework.web.bind.annotation.RestControllerAdvice"})
    @ConditionalOnProperty(prefix = "hasura.perms.web", name = "problem-details", havingValue = "true")
    static class Web {

        @Bean
        @ConditionalOnMissingBean
        public dev.hasuraperms.spring.web.PermissionProblemDetails hasuraPermissionProblemDetails() {
            return new dev.hasuraperms.spring.web.PermissionProblemDetails();
        }
    }

    /** The jOOQ listener, opt-in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.jooq.DSLContext", "dev.hasuraperms.jooq.PermissionListener",
            "org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer"})
    @ConditionalOnProperty(prefix = "hasura.perms.jooq", name = "auto-apply", havingValue = "true")
    static class Jooq {

        @Bean
        public PermissionListener hasuraPermissionListener(CheckedPermissions permissions, SessionResolver sessions,
                                                           HasuraPermsProperties properties) {
            PermissionListener.PlainSql plainSql =
                    PermissionListener.PlainSql.valueOf(properties.getJooq().getPlainSql().name());
            if (plainSql == PermissionListener.PlainSql.PASS) {
                LOG.warn("hasura-perms: hasura.perms.jooq.plain-sql=pass: plain SQL on Spring Boot's DSLContext runs"
                        + " without any permission filter");
            }
            return PermissionListener.of(JooqPermissions.of(permissions), sessions::resolve, plainSql);
        }

        @Bean
        public DefaultConfigurationCustomizer hasuraPermissionListenerCustomizer(
                ObjectProvider<PermissionListener> listener) {
            return configuration -> {
                PermissionListener l = listener.getIfAvailable();
                if (l == null) {
                    return;
                }
                List<org.jooq.VisitListenerProvider> providers =
                        new ArrayList<>(List.of(configuration.visitListenerProviders()));
                providers.add(new DefaultVisitListenerProvider(l));
                configuration.set(providers.toArray(org.jooq.VisitListenerProvider[]::new));
            };
        }
    }
}
