package io.codesynth.standalone;

import java.util.Optional;

/**
 * Reads the text of a Server-Sent Events stream line by line, as the HTML standard's event-stream
 * format describes it: {@code event:} names the event, {@code data:} lines (joined with newlines) carry
 * it, a blank line dispatches it, lines starting with a colon are comments (keep-alives). {@code id:} and
 * {@code retry:} are read past: the demo does not resume a stream, it asks for the job's state again.
 */
final class ServerSentEvents {

    /** One event; {@code name} is {@code message} when the stream named none. */
    record Event(String name, String data) {
    }

    private String name;
    private StringBuilder data;

    /** Feeds one line (without its line terminator); returns the event a blank line completes. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry and unknown fields: nothing the demo uses
            }
        }
        return Optional.empty();
    }

    /** An event without data lines is no event (the standard drops it), but its name is forgotten all the same. */
    private Optional<Event> dispatch() {
        Optional<Event> event = data == null
                ? Optional.empty()
                : Optional.of(new Event(name == null || name.isEmpty() ? "message" : name, data.toString()));
        name = null;
        data = null;
        return event;
    }
}
