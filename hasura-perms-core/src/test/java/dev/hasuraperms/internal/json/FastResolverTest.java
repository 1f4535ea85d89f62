package dev.hasuraperms.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/** The YAML reader's shortcut resolver gives SnakeYAML's own implicit tags. */
class FastResolverTest {

    @Test
    void resolvesEveryScalarAsSnakeYamlDoes() {
        List<String> values = new ArrayList<>(List.of("yes", "Yes", "YES", "no", "NO", "true", "True", "TRUE", "false",
                "False", "FALSE", "on", "ON", "off", "OFF", "null", "Null", "NULL", "~", "", " ", "<<", "=", "!", "&", "*",
                ".inf", ".NaN", "0x1F", "0b101", "017", "1_000", "1:30", "1.5e3", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
                "falsey", "nullable", "offset", "yesterday", "Trueish", "owner_id", "_private", "table_name", "X-Hasura-User-Id",
                "n", "y", "Y", "N", "o", "t", "f", "falsE", "OFFSET"));
        long seed = new Random().nextLong();
        System.out.println("FastResolverTest seed " + seed);
        Random random = new Random(seed);
        String alphabet = "yYnNtTfFoOaAeEsSlLuUrR_~.-+0123456789:xXbB ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(9);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(sb.toString());
        }
        Resolver plain = new Resolver();
        TreeReaders.FastResolver fast = new TreeReaders.FastResolver();
        for (String v : values) {
            for (boolean implicit : new boolean[] {true, false}) {
                assertThat(fast.resolve(NodeId.scalar, v, implicit)).as("\"%s\" (seed %d)", v, seed)
                        .isEqualTo(plain.resolve(NodeId.scalar, v, implicit));
            }
        }
    }
}
