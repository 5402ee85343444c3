package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void keepsValuesAsWrittenAndJoinsLists() throws Exception {
        write("doorman.yaml", """
                listen: 127.0.0.1:40000
                admin-listen: off
                upstream-insecure: yes
                max-header-size: 65536
                trusted-proxies: [127.0.0.0/8, "::1/128"]
                lan-networks:
                  - 10.0.0.0/8
                  - 192.168.0.0/16
                data-dir:
                """);
        ConfigFile f = ConfigFile.locate(null, Map.of(), dir);
        assertThat(f.name()).isEqualTo("doorman.yaml");
        assertThat(f.values()).containsExactly(
                Map.entry("listen", "127.0.0.1:40000"),
                Map.entry("admin-listen", "off"),
                Map.entry("upstream-insecure", "yes"),
                Map.entry("max-header-size", "65536"),
                Map.entry("trusted-proxies", "127.0.0.0/8,::1/128"),
                Map.entry("lan-networks", "10.0.0.0/8,192.168.0.0/16"));
    }

    @Test
    void implicitFileIsOptional() throws Exception {
        assertThat(ConfigFile.locate(null, Map.of(), dir)).isEqualTo(ConfigFile.NONE);
    }

    @Test
    void explicitFileWinsOverEnvAndMustExist() throws Exception {
        write("a.yaml", "listen: 127.0.0.1:1\n");
        write("b.yaml", "listen: 127.0.0.1:2\n");
        assertThat(ConfigFile.locate("a.yaml", Map.of(ConfigFile.ENV, "b.yaml"), dir).values())
                .containsEntry("listen", "127.0.0.1:1");
        assertThat(ConfigFile.locate(null, Map.of(ConfigFile.ENV, "b.yaml"), dir).values())
                .containsEntry("listen", "127.0.0.1:2");
        assertThatThrownBy(() -> ConfigFile.locate("missing.yaml", Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--config: config file 'missing.yaml' does not exist")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(1);
        assertThatThrownBy(() -> ConfigFile.locate(null, Map.of(ConfigFile.ENV, "gone.yaml"), dir))
                .hasMessage("DOORMAN_CONFIG: config file 'gone.yaml' does not exist");
    }

    @Test
    void unknownKeyIsAUsageErrorNamingTheKey() throws Exception {
        write("doorman.yaml", "listen: 127.0.0.1:1\nlisten_port: 9\n");
        assertThatThrownBy(() -> ConfigFile.locate(null, Map.of(), dir))
                .hasMessage("doorman.yaml: unknown key 'listen_port' (see 'doorman help serve')")
                .extracting(e -> ((ConfigException) e).exitCode()).isEqualTo(2);
    }

    @Test
    void malformedYamlIsOneLineWithPosition() throws Exception {
        write("doorman.yaml", "listen: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.locate(null, Map.of(), dir))
                .hasMessageStartingWith("doorman.yaml: not valid YAML (line ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rejectsNestedMappingsDuplicatesAndNonMappings() throws Exception {
        write("x.yaml", "listen:\n  host: a\n");
        assertThatThrownBy(() -> ConfigFile.locate("x.yaml", Map.of(), dir)).hasMessageContaining("not a mapping");
        write("y.yaml", "listen: a:1\nlisten: b:2\n");
        assertThatThrownBy(() -> ConfigFile.locate("y.yaml", Map.of(), dir)).hasMessageContaining("appears twice");
        write("z.yaml", "- listen\n");
        assertThatThrownBy(() -> ConfigFile.locate("z.yaml", Map.of(), dir)).hasMessageContaining("want a mapping");
    }

    @Test
    void emptyFileConfiguresNothing() throws Exception {
        write("doorman.yaml", "");
        assertThat(ConfigFile.locate(null, Map.of(), dir).values()).isEmpty();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }
}
