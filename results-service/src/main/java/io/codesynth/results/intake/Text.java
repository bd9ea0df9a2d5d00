package io.codesynth.results.intake;

/** Text as PostgreSQL stores it. */
final class Text {

    private Text() {
    }

    /**
     * PostgreSQL text and jsonb cannot hold NUL, which a program's output or a generated completion
     * may contain; it becomes U+FFFD, the replacement character, rather than failing the whole message.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
