package io.doorman.frontends;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured host, in the order they were added. No two share a name, and no public name (domain or LAN
 * alias) belongs to two hosts, so routing by {@code Host} is never ambiguous.
 */
public record Hosts(List<PlexHost> all) {

    public static final Hosts NONE = new Hosts(List.of());

    public Hosts {
        all = List.copyOf(all);
        Map<String, String> owner = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (PlexHost h : all) {
            if (names.contains(h.name())) {
                throw new InvalidHostException("name", "host '" + h.name() + "' is defined twice");
            }
            names.add(h.name());
            for (String n : h.allNames()) {
                String before = owner.putIfAbsent(n, h.name());
                if (before != null) {
                    throw new InvalidHostException(h.plexMode().lanAliases().contains(n) ? "lanAliases" : "domains",
                            n + " already belongs to host '" + before + "'");
                }
            }
        }
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public Optional<PlexHost> named(String name) {
        return all.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** These hosts with {@code host} added, or put in place of the host of the same name. */
    public Hosts with(PlexHost host) {
        List<PlexHost> next = new ArrayList<>(all);
        int at = indexOf(host.name());
        if (at < 0) {
            next.add(host);
        } else {
            next.set(at, host);
        }
        return new Hosts(next);
    }

    /** These hosts without the one named {@code name} (unchanged when there is none). */
    public Hosts without(String name) {
        return new Hosts(all.stream().filter(h -> !h.name().equals(name)).toList());
    }

    private int indexOf(String name) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
