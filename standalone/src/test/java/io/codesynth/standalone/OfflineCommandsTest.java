package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineCommandsTest {

    @Test
    void eachCommandRunsItsClassWithTheArgumentsAfterItsWords() {
        assertThat(OfflineCommands.dispatch(new String[] {"generate", "--model", "m", "--prompt", "def f():"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> {
                    assertThat(run.command().name()).isEqualTo("generate");
                    assertThat(run.args()).containsExactly("--model", "m", "--prompt", "def f():");
                });
        assertThat(OfflineCommands.dispatch(new String[] {"bench", "decode", "--model", "m"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> {
                    assertThat(run.command().name()).isEqualTo("bench decode");
                    assertThat(run.args()).containsExactly("--model", "m");
                });
        assertThat(OfflineCommands.dispatch(new String[] {"random-model"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> assertThat(run.args()).isEmpty());
    }

    @Test
    void trainDemoModelRunsTheDemoModelsTrainer() {
        assertThat(OfflineCommands.dispatch(new String[] {"train-demo-model", "--minutes", "0.1", "--out", "/tmp/dm"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> {
                    assertThat(run.command().name()).isEqualTo("train-demo-model");
                    assertThat(run.args()).containsExactly("--minutes", "0.1", "--out", "/tmp/dm");
                });
    }

    @Test
    void verifyAndBenchVerifyRunTheVerificationWorkersCommands() {
        assertThat(OfflineCommands.dispatch(new String[] {"verify", "--problems", "p.jsonl.gz", "--samples", "s.jsonl",
                "--unsandboxed"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> {
                    assertThat(run.command().name()).isEqualTo("verify");
                    assertThat(run.args()).containsExactly("--problems", "p.jsonl.gz", "--samples", "s.jsonl", "--unsandboxed");
                });
        assertThat(OfflineCommands.dispatch(new String[] {"bench", "verify", "--repeat", "1", "--reference"}))
                .isInstanceOfSatisfying(OfflineCommands.Run.class, run -> {
                    assertThat(run.command().name()).isEqualTo("bench verify");
                    assertThat(run.args()).containsExactly("--repeat", "1", "--reference");
                });
        assertThat(OfflineCommands.dispatch(new String[] {"bench", "decode", "--model", "m"}))
                .as("one group, two commands").isInstanceOfSatisfying(OfflineCommands.Run.class,
                        run -> assertThat(run.command().name()).isEqualTo("bench decode"));
    }

    @Test
    void theStandalonesOwnCommandsAreNotOffline() {
        assertThat(OfflineCommands.dispatch(new String[0])).isInstanceOf(OfflineCommands.NotOffline.class);
        assertThat(OfflineCommands.dispatch(new String[] {"demo", "--exit-when-done"})).isInstanceOf(OfflineCommands.NotOffline.class);
        assertThat(OfflineCommands.dispatch(new String[] {"--help"})).isInstanceOf(OfflineCommands.NotOffline.class);
        assertThat(OfflineCommands.dispatch(new String[] {"decode"})).as("a group's command needs its group word")
                .isInstanceOf(OfflineCommands.NotOffline.class);
    }

    @Test
    void aGroupWithoutACommandItKnowsPrintsItsUsage() {
        assertThat(OfflineCommands.dispatch(new String[] {"bench"}))
                .isEqualTo(new OfflineCommands.GroupUsage("bench", "which bench command?"));
        assertThat(OfflineCommands.dispatch(new String[] {"bench", "encode", "--model", "m"}))
                .isEqualTo(new OfflineCommands.GroupUsage("bench", "unknown bench command 'encode'"));
        assertThat(OfflineCommands.dispatch(new String[] {"bench", "--help"}))
                .isEqualTo(new OfflineCommands.GroupUsage("bench", null));

        assertThat(OfflineCommands.groupUsage("bench"))
                .startsWith("usage: codesynth bench <decode | verify | train> [options]")
                .contains("  bench decode ", "--model DIR [--max-new-tokens M]",
                        "  bench verify ", "[--repeat 5] [--parallel N] [--problems P.jsonl[.gz]] [--unsandboxed]\n",
                        "  bench train ", "[--batch 32] [--steps 20] [--seed 42]")
                .doesNotContain("generate");
    }

    @Test
    void theUsageListsEveryCommandWithItsOptionsInShortLines() {
        StringBuilder usage = new StringBuilder();
        OfflineCommands.appendCommands(usage, OfflineCommands.ALL);

        assertThat(usage.toString()).contains("  generate ", "--prompt TEXT | --prompts FILE.jsonl", "[--threshold X]",
                "  bench decode ", "  random-model ", "--out DIR", "  verify ",
                "--problems P.jsonl[.gz] --samples S.jsonl [--out R.jsonl]", "[--unsandboxed]", "  bench verify ",
                "  train-demo-model ", "[--minutes M] [--out DIR]");
        assertThat(usage.toString().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(110));
    }
}
