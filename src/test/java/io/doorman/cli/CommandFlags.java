package io.doorman.cli;

import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every long option of every {@code doorman} command (serve's settings and the check commands' own), for README tests. */
public final class CommandFlags {

    private CommandFlags() {
    }

    /** Option names without their dashes: {@code pms-url}, {@code json}, {@code listen}. */
    public static Set<String> allLongOptions() {
        Set<String> out = new TreeSet<>();
        collect(CommandTree.build(), out);
        return out;
    }

    private static void collect(CommandLine cl, Set<String> out) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            for (String name : o.names()) {
                if (name.startsWith("--")) {
                    out.add(name.substring(2));
                }
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, out);
        }
    }
}
