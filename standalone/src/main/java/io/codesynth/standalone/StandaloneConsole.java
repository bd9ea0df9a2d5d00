package io.codesynth.standalone;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.codesynth.contracts.Topics;

/** What the standalone tells its user: the start banner, the demo's outcome and where to look next. */
final class StandaloneConsole {

    static final String API_KEY_VARIABLE = "CODESYNTH_API_KEY";

    /**
     * Where a running pipeline can be reached, for the lines that tell the user where to look.
     *
     * @param generation   whether generation workers run
     * @param verification whether verification workers run
     */
    record Endpoints(String gatewayUrl, String bootstrapServers, boolean generation, boolean verification) {

        static Endpoints of(StandaloneRuntime runtime) {
            ServiceContexts services = runtime.services();
            return new Endpoints(services.url(PipelineServices.GATEWAY_SERVICE), runtime.bootstrapServers(),
                    services.isRunning(PipelineServices.GENERATION_WORKER),
                    services.isRunning(PipelineServices.VERIFICATION_WORKER));
        }
    }

    private final PrintStream out;
    private final Endpoints endpoints;
    private final Path dataDir;
    private final Path logFile;

    /** @param logFile the log to point at when something went wrong */
    StandaloneConsole(PrintStream out, Endpoints endpoints, Path dataDir, Path logFile) {
        this.out = out;
        this.endpoints = endpoints;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** The one-JVM run's banner, with the API key: the only time the key is shown. */
    void printBanner(StandaloneRuntime runtime, Duration startup, String apiKey) {
        ServiceContexts services = runtime.services();
        out.println();
        out.println("CodeSynth is running (started in " + ProgressLine.seconds(startup) + ")");
        out.println();
        for (PipelineService service : services.started()) {
            printServiceLine(service.name(), services.url(service.name()), service.note().apply(services));
        }
        printServiceLine("Kafka", endpoints.bootstrapServers(), "");
        printServiceLine("PostgreSQL", runtime.jdbcUrl() + " (user " + LocalPostgres.USER + ")", "");
        printServiceLine("data", dataDir.toString(), "");
        printServiceLine("log", logFile.toString(), "");
        printApiKey(apiKey);
    }

    /**
     * The multi-process run's banner: every process with its pid, port and log, then the notes (model, sandbox)
     * and the API key.
     */
    void printProcessesBanner(ProcessTable table, Duration startup, List<String> notes, String apiKey) {
        out.println();
        out.println("CodeSynth is running as " + table.processes().size() + " processes (started in "
                + ProgressLine.seconds(startup) + ", supervisor pid " + table.supervisorPid() + ")");
        out.println();
        out.printf("  %-24s %-8s %-6s %s%n", "process", "pid", "port", "log");
        for (ProcessTable.Entry entry : table.processes()) {
            out.printf("  %-24s %-8d %-6d %s%n", entry.name(), entry.pid(), entry.port(), entry.log());
        }
        out.println();
        printServiceLine("gateway", endpoints.gatewayUrl(), "the REST API: POST /v1/jobs, GET /v1/jobs/{id}");
        printServiceLine("Kafka", endpoints.bootstrapServers(), "");
        printServiceLine("data", dataDir.toString(), "");
        printServiceLine("status", "codesynth status --data-dir " + dataDir, "");
        notes.forEach(note -> note.lines().forEach(line -> out.println("  " + line)));
        printApiKey(apiKey);
    }

    private void printApiKey(String apiKey) {
        out.println();
        out.println("  API key of tenant '" + StandaloneRuntime.DEMO_TENANT + "' (new at every start, shown only here):");
        out.println("    export " + API_KEY_VARIABLE + "=" + apiKey);
        out.println();
    }

    /** {@code name  value   note}, the note's further lines aligned under its first. */
    private void printServiceLine(String name, String value, String note) {
        // wide enough for the longest service name, verification-worker
        String head = String.format("  %-20s %-24s", name, value);
        List<String> noteLines = note.lines().toList();
        if (noteLines.isEmpty()) {
            out.println(head.stripTrailing());
            return;
        }
        out.println(head + " " + noteLines.get(0));
        for (String line : noteLines.subList(1, noteLines.size())) {
            out.println(" ".repeat(head.length() + 1) + line);
        }
    }

    void printStopHint() {
        out.println("Serving until Ctrl-C.");
    }

    /** The demo job's summary (or why it did not finish), then where to look further. */
    void printDemoOutcome(DemoJob.Outcome outcome, DemoSettings settings) {
        if (!outcome.succeeded()) {
            System.err.println("codesynth: the demo job did not finish: " + outcome.message());
            System.err.println("details are in " + logFile);
            if (outcome.jobId() != null) {
                printSummary(outcome);
                printWhereToLook(outcome, settings);
            }
            return;
        }
        printSummary(outcome);
        if (outcome.exitStatus() != 0) {
            String error = outcome.job().path("error").asString("");
            System.err.println("codesynth: the demo job ended " + outcome.state() + (error.isBlank() ? "" : ": " + error));
        }
        if (!outcome.workersRan()) {
            out.println();
            out.println("The job is stored and its " + outcome.tasks().size() + " tasks are queued on " + Topics.GENERATION + ".");
            out.println("Generation and verification workers are not both part of this run, so the job goes no further.");
        }
        printWhereToLook(outcome, settings);
    }

    /** The job and its tasks as the demo last saw them. */
    private void printSummary(DemoJob.Outcome outcome) {
        out.println();
        if (outcome.job().isMissingNode()) {
            out.println("job " + outcome.jobId() + ": not stored yet");
            return;
        }
        DemoSummary.lines(outcome.job(), outcome.tasks()).forEach(line -> out.println(ConsoleText.fit(line, out.charset())));
    }

    private void printWhereToLook(DemoJob.Outcome outcome, DemoSettings settings) {
        String gateway = endpoints.gatewayUrl();
        String auth = "-H \"Authorization: Bearer $" + API_KEY_VARIABLE + "\"";
        out.println();
        out.println("Where to look (after the export line above):");
        String job = gateway + "/v1/jobs/" + outcome.jobId();
        out.println("  the job        curl " + auth + " " + job);
        out.println("  its tasks      curl " + auth + " '" + job + "/tasks?candidates=all'");
        out.println("  live events    curl -N " + auth + " " + job + "/events");
        out.println("  samples        curl " + auth + " " + job + "/samples.jsonl   (human-eval / EvalPlus format)");
        out.println("  your jobs      curl " + auth + " " + gateway + "/v1/jobs");
        out.println("  submit more    curl " + auth + " -H 'Content-Type: " + GatewayClient.NDJSON + "' \\");
        out.println("                   --data-binary @problems.jsonl '" + gateway + "/v1/jobs?" + settings.query() + "'");
        out.println("  results topic  kcat -b " + endpoints.bootstrapServers() + " -C -t " + Topics.RESULTS
                + " -o beginning -f '%k %s\\n'");
        out.println("  queued tasks   kcat -b " + endpoints.bootstrapServers() + " -C -t " + Topics.GENERATION
                + " -o beginning -e -f '%k\\n'");
        if (endpoints.generation()) {
            out.println("  candidates     kcat -b " + endpoints.bootstrapServers() + " -C -t " + Topics.CANDIDATES
                    + " -o beginning -f '%k %s\\n'");
        }
        if (endpoints.verification()) {
            out.println("  verdicts       kcat -b " + endpoints.bootstrapServers() + " -C -t " + Topics.VERDICTS
                    + " -o beginning -f '%k %s\\n'");
        }
        out.println();
    }
}
