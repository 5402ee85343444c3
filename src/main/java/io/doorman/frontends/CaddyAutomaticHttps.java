package io.doorman.frontends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Brings the {@code automatic_https} adjustments Doorman's site needs into a user's server: names to skip are
 * added to the user's lists; a switch (such as {@code disable_redirects}) is never flipped on the user's server,
 * since it would change how the user's own sites behave.
 */
final class CaddyAutomaticHttps {

    private CaddyAutomaticHttps() {
    }

    /**
     * @param name  the user's server, for messages
     * @param notes gets one line per name added
     */
    static void merge(String name, ObjectNode server, ObjectNode ours, List<String> notes) throws CaddyRefusal {
        ObjectNode theirs = server.get("automatic_https") instanceof ObjectNode o ? o : null;
        for (Map.Entry<String, JsonNode> e : ours.properties()) {
            String key = e.getKey();
            JsonNode want = e.getValue();
            if (want.isArray()) {
                if (theirs == null) {
                    theirs = server.putObject("automatic_https");
                }
                ArrayNode list = theirs.get(key) instanceof ArrayNode a ? a : theirs.putArray(key);
                for (JsonNode item : want) {
                    if (!contains(list, item)) {
                        list.add(item);
                        // Not marked (these lists hold plain names): a later apply finds it there and adds nothing.
                        notes.add("added " + item.asText() + " to automatic_https." + key + " on server " + name);
                    }
                }
            } else {
                JsonNode have = theirs == null ? null : theirs.get(key);
                boolean same = have == null ? want.isBoolean() && !want.asBoolean() : have.equals(want);
                if (!same) {
                    throw new CaddyRefusal("Doorman's site needs automatic_https." + key + " = " + want
                            + " but Caddy's server " + name + " serves the user's sites on that port too; put"
                            + " Doorman's site on a port of its own");
                }
            }
        }
    }

    private static boolean contains(ArrayNode list, JsonNode item) {
        for (JsonNode n : list) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }
}
