package io.codesynth.verification.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.RunResult;
import io.codesynth.verification.sandbox.TestResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static final RunLimits LIMITS = RunLimits.DEFAULTS;

    @Test
    void allTestsPassedIsPassedWithTheSignature() {
        CandidateVerdict verdict = judge(run(3, true, pass(0, "1"), pass(1, "2"), pass(2, null)));

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.PASSED);
        assertThat(verdict.tests()).isEqualTo(new TestTally(3, 3));
        assertThat(verdict.signature()).containsExactly(new TestOutcome("pass", "1"), new TestOutcome("pass", "2"),
                new TestOutcome("pass", null));
        assertThat(verdict.errorType()).isNull();
        assertThat(verdict.sandboxed()).isTrue();
    }

    @Test
    void theFirstTestThatDidNotPassDecides() {
        CandidateVerdict failed = judge(run(3, true, pass(0, "1"), fail(1, "None"),
                error(2, "TypeError", "unsupported operand")));
        assertThat(failed.verdict()).isEqualTo(VerdictKind.FAILED);
        assertThat(failed.tests()).isEqualTo(new TestTally(1, 3));
        assertThat(failed.errorMessage()).isEqualTo("test 2 of 3 failed (the candidate returned None)");

        CandidateVerdict error = judge(run(2, true, error(0, "ZeroDivisionError", "division by zero"), fail(1, "0")));
        assertThat(error.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(error.errorType()).isEqualTo("ZeroDivisionError");
        assertThat(error.errorMessage()).isEqualTo("division by zero");

        CandidateVerdict memory = judge(run(1, true, error(0, "MemoryError", "")));
        assertThat(memory.verdict()).isEqualTo(VerdictKind.MEMORY_LIMIT);
    }

    @Test
    void limitsDecideWhenTheRankingTestsDidNotAllReport() {
        assertThat(judge(stopped("wall", pass(0, "1"))).verdict()).isEqualTo(VerdictKind.TIMEOUT);
        assertThat(judge(stopped("cpu")).verdict()).isEqualTo(VerdictKind.TIMEOUT);
        assertThat(judge(stopped("output")).verdict()).isEqualTo(VerdictKind.OUTPUT_LIMIT);
        assertThat(judge(stopped("fsize")).verdict()).isEqualTo(VerdictKind.OUTPUT_LIMIT);
        assertThat(judge(stopped("memory")).verdict()).isEqualTo(VerdictKind.MEMORY_LIMIT);

        CandidateVerdict timeout = judge(stopped("wall", pass(0, "1")));
        assertThat(timeout.errorMessage()).isEqualTo("wall-clock limit of 10 s reached");
        assertThat(timeout.tests()).isEqualTo(new TestTally(1, 3));
        // tests that never reported are errors in the signature
        assertThat(timeout.signature()).extracting(TestOutcome::outcome).containsExactly("pass", "error", "error");
    }

    @Test
    void endingBeforeTheTestsCompletedIsNeverPassed() {
        RunResult exited = new RunResult(null, null, 0, null, 3, 0, List.of(pass(0, "1")), List.of(), false, false,
                null, null, null, null, null, 1000, 1, 0, 0, "", false, 0, true);

        CandidateVerdict verdict = judge(exited);

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(verdict.errorType()).isEqualTo(Judge.EARLY_EXIT);
        assertThat(verdict.errorMessage()).contains("exited with status 0").contains("1 of 3 ran");
    }

    @Test
    void tamperingOutranksPassingTests() {
        RunResult tampered = new RunResult(null, null, 0, null, 1, 0, List.of(pass(0, "1")), List.of(), true, true,
                null, null, null, null, "a record without this run's nonce", 1000, 1, 0, 0, "", false, 0, true);

        CandidateVerdict verdict = judge(tampered);

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(verdict.errorType()).isEqualTo(Judge.TAMPERING);
    }

    @Test
    void heldOutTestsAreReportedButNeverChangeTheVerdict() {
        RunResult run = new RunResult(null, "wall", null, "SIGKILL", 1, 2, List.of(pass(0, "1")),
                List.of(fail(0, "3")), true, false, null, null, null, null, null, 1000, 1, 0, 0, "", false, 0, true);

        CandidateVerdict verdict = judge(run);

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.PASSED);
        assertThat(verdict.heldOut()).isEqualTo(new TestTally(0, 2));
    }

    @Test
    void sandboxFailuresSayNothingAboutTheCandidate() {
        CandidateVerdict verdict = Judge.verdict("job/0/0", 0, RunResult.sandboxFailure("bwrap died", 5, true), LIMITS, 4);

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.SANDBOX_ERROR);
        assertThat(verdict.errorMessage()).isEqualTo("bwrap died");
        assertThat(verdict.tests()).isEqualTo(new TestTally(0, 4));
        assertThat(verdict.signature()).hasSize(4);
        assertThat(verdict.heldOut()).isNull();
    }

    @Test
    void syntaxErrorsAndLoadErrors() {
        RunResult syntax = new RunResult(null, null, 0, null, 2, 0, List.of(), List.of(), false, false,
                "SyntaxError: invalid syntax (<candidate>, line 3)", null, null, null, null, 1000, 1, 0, 0, "", false,
                0, true);
        assertThat(judge(syntax).verdict()).isEqualTo(VerdictKind.SYNTAX_ERROR);

        RunResult load = new RunResult(null, null, 0, null, 1, 0, List.of(error(0, "NameError", "x")), List.of(),
                true, true, null, "NameError", "name 'x' is not defined", null, null, 1000, 1, 0, 0, "", false, 0,
                false);
        CandidateVerdict verdict = judge(load);
        assertThat(verdict.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(verdict.errorMessage()).isEqualTo("name 'x' is not defined");
        assertThat(verdict.sandboxed()).isFalse();
    }

    private static CandidateVerdict judge(RunResult run) {
        return Judge.verdict("job/0/0", 0, run, LIMITS, 1);
    }

    private static RunResult run(int total, boolean done, TestResult... tests) {
        return new RunResult(null, null, 0, null, total, 0, List.of(tests), List.of(), done, done, null, null, null,
                null, null, 4200, 4, 0, 0, "", false, 0, true);
    }

    private static RunResult stopped(String limit, TestResult... tests) {
        return new RunResult(null, limit, null, "SIGKILL", 3, 0, List.of(tests), List.of(), false, false, null, null,
                null, null, null, 10_000_000, 10, 0, 0, "", "output".equals(limit), 0, true);
    }

    private static TestResult pass(int index, String value) {
        return new TestResult(index, "pass", value, null, null);
    }

    private static TestResult fail(int index, String value) {
        return new TestResult(index, "fail", value, null, null);
    }

    private static TestResult error(int index, String type, String message) {
        return new TestResult(index, "error", null, type, message);
    }
}
