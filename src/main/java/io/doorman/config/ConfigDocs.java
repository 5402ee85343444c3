package io.doorman.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Renders the settings tables as the README's configuration section and as plain-text help. */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** The Markdown that sits between the README's {@code <!-- BEGIN config -->} and {@code <!-- END config -->}. */
    public static String readmeSection() {
        StringBuilder sb = new StringBuilder();
        sb.append("## Configuration\n\n");
        sb.append("Every `doorman serve` setting can be given as a flag, an environment variable or a key in a YAML\n")
                .append("config file. A flag beats the environment, the environment beats the file, and the file beats\n")
                .append("the default. The file is `--config FILE`, else the file named by `DOORMAN_CONFIG`, else\n")
                .append("`doorman.yaml` in the working directory if there is one; its keys are the flag names without\n")
                .append("`--`, and an unknown key is an error:\n\n");
        sb.append("```yaml\n")
                .append("listen: 127.0.0.1:33240\n")
                .append("upstream: http://127.0.0.1:32400\n")
                .append("admin-listen: off\n")
                .append("trusted-proxies: [127.0.0.0/8, \"::1/128\", 10.8.0.0/24]\n")
                .append("```\n\n");
        sb.append("Durations are Go-style (`15s`, `5m`, `1h30m`) or whole seconds; sizes are bytes or `KiB`/`MiB`;\n")
                .append("booleans are `true`/`false`/`1`/`0`/`yes`/`no`. `doorman help serve` prints the same list.\n\n");
        sb.append("| flag | env var | default | meaning |\n| --- | --- | --- | --- |\n");
        for (SettingDef d : SettingsTable.ALL) {
            sb.append("| ").append(cell("`" + d.flagName() + (d.isSwitch() ? "" : " " + d.paramLabel()) + "`")).append(" | `")
                    .append(d.envName()).append("` | ").append(code(d.defaultText())).append(" | ")
                    .append(cell(d.meaning())).append(" |\n");
        }
        sb.append("\n### plex-label-proxy compatibility\n\n");
        sb.append("`doorman plex-label-proxy` accepts the command line and environment of `iptv-tunerr\n")
                .append("plex-label-proxy` as they are (`-flag value`, `-flag=value`, `--flag`; booleans bare or\n")
                .append("`=true|false`), so existing unit and env files keep working. Doorman settings that the Go tool\n")
                .append("lacks (admin listener, timeouts, …) come from `DOORMAN_*` variables or the config file.\n")
                .append("\n");
        sb.append("| flag | env fallback, in order | default | meaning |\n| --- | --- | --- | --- |\n");
        for (GoFlag f : PlexLabelProxyFlags.ALL) {
            sb.append("| `-").append(f.name()).append('`');
            for (String a : f.aliases()) {
                sb.append(" (alias `-").append(a).append("`)");
            }
            sb.append(" | ").append(envCell(f)).append(" | ")
                    .append(f.defaultText().isEmpty() ? "" : code(f.defaultText())).append(" | ")
                    .append(cell(f.meaning())).append(" |\n");
        }
        return sb.toString();
    }

    /** Plain-text help for {@code doorman help plex-label-proxy}. */
    public static String plexLabelProxyHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: doorman plex-label-proxy [-flag value | -flag=value | -boolflag] ...\n")
                .append("Drop-in for 'iptv-tunerr plex-label-proxy': the same flags and environment variables.\n")
                .append("Doorman settings the Go tool lacks come from DOORMAN_* variables or the config file\n")
                .append("(see 'doorman help serve').\n\n");
        List<String[]> rows = new ArrayList<>();
        for (GoFlag f : PlexLabelProxyFlags.ALL) {
            String name = "-" + f.name() + (f.isBool() ? "" : " " + f.kind().name().toLowerCase(Locale.ROOT));
            StringBuilder more = new StringBuilder(f.meaning());
            for (String a : f.aliases()) {
                more.append("; alias -").append(a);
            }
            rows.add(new String[] {name, more.toString()});
            String env = String.join(", ", f.envs()) + (f.envNote().isEmpty() ? "" : ", " + f.envNote());
            String dflt = f.defaultText().isEmpty() ? "" : f.defaultText().equals("required") ? "required" : "default: " + f.defaultText();
            String facts = (env.isEmpty() ? "" : "env: " + env + "; ") + dflt;
            if (!facts.isEmpty()) {
                rows.add(new String[] {"", facts.endsWith("; ") ? facts.substring(0, facts.length() - 2) : facts});
            }
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        for (String[] r : rows) {
            sb.append("  ").append(r[0]).append(" ".repeat(width - r[0].length())).append(r[1]).append('\n');
        }
        return sb.toString();
    }

    private static String envCell(GoFlag f) {
        List<String> parts = new ArrayList<>();
        f.envs().forEach(e -> parts.add("`" + e + "`"));
        String s = String.join(", ", parts);
        if (!f.envNote().isEmpty()) {
            s += (s.isEmpty() ? "" : ", ") + f.envNote().replace("http://$PLEX_HOST:32400", "`http://$PLEX_HOST:32400`")
                    .replace("-token", "`-token`");
        }
        return s;
    }

    private static String code(String s) {
        if (s.contains(" or ")) {
            return String.join(" or ", Arrays.stream(s.split(" or ")).map(ConfigDocs::code).toList());
        }
        // Defaults that are prose ("the JDK's CAs", "required") read better unquoted.
        boolean prose = s.contains(" ") || s.equals("required") || s.equals("none");
        return prose ? cell(s) : "`" + cell(s) + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
