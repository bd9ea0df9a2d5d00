package io.codesynth.verification.sandbox;

/**
 * What one test did.
 *
 * @param index        position in its set (ranking or held-out tests)
 * @param outcome      {@code pass}, {@code fail} (an assertion failed) or {@code error} (an exception)
 * @param value        the value the candidate returned, as text, for tests of the form
 *                     {@code candidate(args) == expected}; else null
 * @param errorType    the exception's type for {@code error}, else null
 * @param errorMessage the first line of the exception's message for {@code error}, else null
 */
public record TestResult(int index, String outcome, String value, String errorType, String errorMessage) {

    public boolean passed() {
        return "pass".equals(outcome);
    }
}
