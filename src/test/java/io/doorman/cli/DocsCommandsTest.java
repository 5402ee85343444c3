package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every {@code doorman COMMAND [SUBCOMMAND] --flag} the guides in {@code docs/} and the README show is real. */
class DocsCommandsTest {

    private static final Pattern CALL = Pattern.compile("(?:^|[\\s(`])(?:\\./)?doorman ([a-z][a-z-]*)((?: [^`|;)#]*)?)");
    private static final Pattern FLAG = Pattern.compile("(?:^|\\s)(--[a-z][a-z0-9-]*)");

    private static List<Path> documents() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            out.add(Path.of("README.md"));
            return out;
        }
    }

    @Test
    void everyCommandAndFlagTheGuidesUseExists() throws Exception {
        CommandLine tree = CommandTree.build();
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CALL.matcher(lines.get(i));
                while (m.find()) {
                    String where = doc + ":" + (i + 1) + ": doorman " + m.group(1);
                    CommandLine cmd = tree.getSubcommands().get(m.group(1));
                    if (cmd == null) {
                        wrong.add(where + " (no such command)");
                        continue;
                    }
                    calls++;
                    String rest = m.group(2).strip();
                    String first = rest.isEmpty() ? "" : rest.split("\\s+")[0];
                    if (cmd.getSubcommands().containsKey(first)) {
                        cmd = cmd.getSubcommands().get(first);
                    }
                    Matcher f = FLAG.matcher(rest);
                    while (f.find()) {
                        if (cmd.getCommandSpec().findOption(f.group(1)) == null) {
                            wrong.add(where + " " + f.group(1));
                        }
                    }
                }
            }
        }
        assertThat(calls).as("the guides show commands").isGreaterThan(40);
        assertThat(wrong).as("commands or flags the guides use that do not exist").isEmpty();
    }
}
