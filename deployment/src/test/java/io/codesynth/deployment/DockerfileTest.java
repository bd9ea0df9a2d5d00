package io.codesynth.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.deployment.DockerfileModel.Instruction;
import io.codesynth.deployment.DockerfileModel.Stage;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * infra/docker/Dockerfile, checked without a Docker engine: what it copies exists (in the repository, or as a
 * path the Maven build in its build stage produces), each service image exposes the port of its
 * {@code <service>.yml}, runs as a non-root user and starts the exec jar, and the verification image has the
 * sandbox's tools at the paths the worker expects.
 */
class DockerfileTest {

    private static final DockerfileModel DOCKERFILE = DockerfileModel.parse(ComposeProject.DOCKERFILE);
    private static final List<String> SERVICES = ComposeProject.SERVICES;
    private static final String BUILD_WORKDIR_FALLBACK = "/";

    @Test
    void theBuildArgumentCarriesTheVersionOfTheRootPom() {
        assertThat(DOCKERFILE.globalArguments)
                .as("ARG CODESYNTH_VERSION before the first FROM: the exec jars are named after the root pom's version")
                .containsEntry("CODESYNTH_VERSION", ComposeProject.version());
    }

    @Test
    void theBuildStageRunsMavenOnTheServiceModulesWithoutTests() {
        Stage build = buildStage();
        assertThat(build.base()).matches("maven:3\\.9-eclipse-temurin-2[1-9].*|eclipse-temurin:2[1-9]-jdk.*");
        String maven = mavenRun(build).arguments();
        assertThat(maven).contains("-DskipTests").contains(" package").contains("-am");
        assertThat(projectList(build)).as("the modules after -pl").containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void theBuildStageHasEveryReactorModuleMavenNeeds() {
        Stage build = buildStage();
        Set<String> copied = copiedIntoBuild(build);
        // Maven reads the pom of every module the root pom lists, even with -pl
        for (String module : ComposeProject.modules()) {
            assertThat(copied.contains(module) || copied.contains(module + "/pom.xml"))
                    .as("module %s of the root pom: its directory or at least its pom.xml is copied into the build stage", module)
                    .isTrue();
        }
        assertThat(copied).as("the root pom").contains("pom.xml");
        // -am builds the modules after -pl and every reactor module they depend on: those need their sources
        for (String module : withReactorDependencies(projectList(build))) {
            assertThat(copied).as("module %s is built (-pl ... -am), so its whole directory is copied", module).contains(module);
        }
        // the generation worker's jar bundles ../models/demo (generation-worker/pom.xml); without it, a random model
        assertThat(copied).as("models/demo, which generation-worker/pom.xml bundles into the worker's jar").contains("models/demo");
    }

    @Test
    void everyCopyFromTheContextNamesSomethingInTheRepository() {
        List<PathMatcher> ignored = dockerignore();
        List<String> problems = new ArrayList<>();
        for (Stage stage : DOCKERFILE.stages) {
            for (Instruction copy : stage.all("COPY")) {
                if (copy.flag("from").isPresent()) {
                    continue;
                }
                List<String> words = copy.words();
                for (String source : words.subList(0, words.size() - 1)) {
                    Path path = ComposeProject.ROOT.resolve(source).normalize();
                    if (!path.startsWith(ComposeProject.ROOT) || !Files.exists(path)) {
                        problems.add("line " + copy.line() + ": COPY " + source + " does not exist in the repository");
                    } else if (isIgnored(Path.of(source).normalize(), ignored)) {
                        problems.add("line " + copy.line() + ": COPY " + source + " is excluded by .dockerignore");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCopyFromTheBuildStageNamesWhatTheBuildProduces() {
        Stage build = buildStage();
        String version = ComposeProject.version();
        List<String> modules = projectList(build);
        List<String> checked = new ArrayList<>();
        for (Stage stage : DOCKERFILE.stages) {
            for (Instruction copy : stage.all("COPY")) {
                Optional<String> from = copy.flag("from");
                if (from.isEmpty() || !from.get().equals(build.name())) {
                    continue;
                }
                List<String> words = copy.words();
                for (String source : words.subList(0, words.size() - 1)) {
                    checked.add(source);
                    assertProducedByBuild(build, source, modules, version, "line " + copy.line());
                }
            }
            for (Instruction run : stage.all("RUN")) {
                for (String mount : run.flagsNamed("mount")) {
                    Map<String, String> options = DockerfileModel.options(mount);
                    if (build.name().equals(options.get("from"))) {
                        checked.add(options.get("source"));
                        assertProducedByBuild(build, options.get("source"), modules, version, "line " + run.line() + " (RUN --mount)");
                    }
                }
            }
        }
        assertThat(checked).as("something is copied from the build stage").isNotEmpty();
    }

    @Test
    void copiesFromOtherStagesOrImagesNameAnExistingStageOrAPinnedImage() {
        for (Stage stage : DOCKERFILE.stages) {
            for (Instruction copy : stage.all("COPY")) {
                copy.flag("from").ifPresent(from -> {
                    Optional<Stage> source = DOCKERFILE.stageReference(from);
                    if (source.isPresent()) {
                        assertThat(source.get().index()).as("line %d: COPY --from=%s names an earlier stage", copy.line(), from)
                                .isLessThan(stage.index());
                    } else {
                        assertThat(from).as("line %d: COPY --from an image: a tagged one", copy.line()).matches("[^:\\s]+:[^:\\s]+");
                    }
                });
            }
        }
    }

    static final List<String> services = SERVICES;

    @ParameterizedTest
    @FieldSource("services")
    void eachServiceHasAStageThatExposesItsPortAndRunsItsExecJarAsANonRootUser(String service) {
        Stage stage = DOCKERFILE.stage(service).orElseThrow(() -> new AssertionError("no stage named " + service));
        assertThat(DOCKERFILE.stages.get(DOCKERFILE.stages.size() - 1).name())
                .as("the last stage is a service image, not the build stage")
                .isIn(SERVICES);

        List<String> exposed = stage.all("EXPOSE").stream().flatMap(e -> Set.of(e.arguments().split("\\s+")).stream()).toList();
        assertThat(exposed).as("EXPOSE of %s = server.port of %s.yml", service, service)
                .containsExactly(String.valueOf(ComposeProject.serverPort(service)));

        String user = DOCKERFILE.user(stage);
        assertThat(user).as("the USER the %s image runs as", service).isNotBlank();
        assertThat(user.split(":")[0]).as("a non-root USER").isNotIn("root", "0");

        Instruction entrypoint = stage.last("ENTRYPOINT").orElseThrow(() -> new AssertionError(service + " has no ENTRYPOINT"));
        List<String> command = DockerfileModel.jsonArray(entrypoint.arguments());
        String jar = "/app/" + service + ".jar";
        assertThat(command).as("ENTRYPOINT in JSON form").isNotEmpty();
        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command).contains("--enable-native-access=ALL-UNNAMED").endsWith("-jar", jar);
        assertThat(stage.all("COPY").stream().filter(c -> c.flag("from").isPresent())
                .map(c -> c.words().get(c.words().size() - 1)))
                .as("the jar the ENTRYPOINT starts is copied into the %s stage", service)
                .contains(jar);
        assertThat(stage.all("COPY").stream().filter(c -> c.words().get(c.words().size() - 1).equals(jar))
                .map(c -> c.words().get(0)))
                .containsExactly("/src/" + service + "/target/" + ComposeProject.artifactId(service) + "-"
                        + ComposeProject.version() + "-exec.jar");
    }

    @ParameterizedTest
    @FieldSource("services")
    void eachServiceImageRunsTemurin21AndHasCurlForItsHealthCheck(String service) {
        Stage stage = DOCKERFILE.stage(service).orElseThrow();
        String base = DOCKERFILE.baseImage(stage);
        boolean temurinBase = base.startsWith("eclipse-temurin:21-jre");
        boolean temurinCopied = DOCKERFILE.instructionsThrough(stage).stream()
                .anyMatch(i -> i.keyword().equals("COPY") && i.flag("from").orElse("").startsWith("eclipse-temurin:21-jre")
                        && i.arguments().startsWith("/opt/java/openjdk"));
        assertThat(temurinBase || temurinCopied)
                .as("%s runs on an eclipse-temurin:21-jre image or a copy of its JRE (base: %s)", service, base).isTrue();
        // eclipse-temurin's images install curl (adoptium/containers, "curl required for historical reasons")
        boolean curlInstalled = DOCKERFILE.instructionsThrough(stage).stream()
                .anyMatch(i -> i.keyword().equals("RUN") && i.arguments().matches("(?s).*apt-get install.*\\bcurl\\b.*"));
        assertThat(temurinBase || curlInstalled).as("%s has curl for the compose health check", service).isTrue();
        assertThat(DOCKERFILE.environment(stage)).doesNotContainKey("JAVA_TOOL_OPTIONS");
    }

    @Test
    void theGenerationWorkerStaysOfflineAndHasAWritableDjlCache() {
        Stage stage = DOCKERFILE.stage("generation-worker").orElseThrow();
        List<String> command = DockerfileModel.jsonArray(stage.last("ENTRYPOINT").orElseThrow().arguments());
        assertThat(command).contains("-Dai.djl.offline=true");
        String cache = DOCKERFILE.environment(stage).get("DJL_CACHE_DIR");
        assertThat(cache).as("DJL_CACHE_DIR").isNotBlank();
        assertThat(cache).as("DJL_CACHE_DIR lies in the home of the image's user, which it owns").startsWith("/var/lib/codesynth/");
        assertThat(DOCKERFILE.instructionsThrough(stage).stream().filter(i -> i.keyword().equals("RUN"))
                .map(Instruction::arguments))
                .as("the runtime user's home is /var/lib/codesynth")
                .anyMatch(run -> run.contains("--home-dir /var/lib/codesynth") && run.contains("--create-home"));
    }

    @Test
    void theVerificationImageInstallsTheSandboxToolsWhereTheWorkerLooksForThem() {
        Stage stage = DOCKERFILE.stage("verification-worker").orElseThrow();
        String runs = String.join("\n", DOCKERFILE.instructionsThrough(stage).stream()
                .filter(i -> i.keyword().equals("RUN")).map(Instruction::arguments).toList());
        Matcher install = Pattern.compile("apt-get install[^&;]*").matcher(runs);
        List<String> packages = new ArrayList<>();
        while (install.find()) {
            packages.addAll(List.of(install.group().split("\\s+")));
        }
        assertThat(packages).contains("bubblewrap", "python3", "nodejs");

        Map<String, Object> sandbox = ComposeProject.map(ComposeProject.at(ComposeProject.serviceDefaults("verification-worker"),
                "codesynth.verification.sandbox"));
        // the paths Debian's bubblewrap, python3 and nodejs packages install, which the worker's defaults name
        assertThat(sandbox).containsEntry("bwrap-path", "/usr/bin/bwrap").containsEntry("python-path", "/usr/bin/python3")
                .containsEntry("node-path", "/usr/bin/node");
        for (String path : List.of("/usr/bin/bwrap", "/usr/bin/python3", "/usr/bin/node")) {
            assertThat(runs).as("the image build checks that %s exists", path).contains("test -x " + path);
        }
        assertThat(runs).as("bwrap is not setuid: the worker's unprivileged user runs it with user namespaces")
                .contains("test ! -u /usr/bin/bwrap");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static Stage buildStage() {
        return DOCKERFILE.stage("build").orElseThrow(() -> new AssertionError("no stage named build"));
    }

    private static Instruction mavenRun(Stage build) {
        return build.all("RUN").stream().filter(r -> r.arguments().matches("(?s).*(\\bmvn\\b|\\./mvnw).*")).findFirst()
                .orElseThrow(() -> new AssertionError("the build stage runs no Maven"));
    }

    private static List<String> projectList(Stage build) {
        Matcher list = Pattern.compile("(?:-pl|--projects)[ =]+(\\S+)").matcher(mavenRun(build).arguments());
        assertThat(list.find()).as("the Maven build names its modules with -pl").isTrue();
        return List.of(list.group(1).split(","));
    }

    private static List<String> withReactorDependencies(List<String> modules) {
        Set<String> all = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(modules);
        while (!queue.isEmpty()) {
            String module = queue.pop();
            if (all.add(module)) {
                queue.addAll(ComposeProject.reactorDependencies(module));
            }
        }
        return List.copyOf(all);
    }

    /** What the build stage's COPY instructions bring from the context, as paths relative to the repository root. */
    private static Set<String> copiedIntoBuild(Stage build) {
        Set<String> copied = new LinkedHashSet<>();
        for (Instruction copy : build.all("COPY")) {
            if (copy.flag("from").isEmpty()) {
                List<String> words = copy.words();
                words.subList(0, words.size() - 1).forEach(source -> copied.add(Path.of(source).normalize().toString()));
            }
        }
        return copied;
    }

    private static String workdir(Stage stage) {
        return stage.last("WORKDIR").map(w -> w.arguments().strip()).orElse(BUILD_WORKDIR_FALLBACK);
    }

    /**
     * A path in the build stage is produced by the build if it is a module's exec jar (module among -pl, name from
     * the module's artifactId and the root pom's version) or lies inside something copied from the context.
     */
    private static void assertProducedByBuild(Stage build, String source, List<String> modules, String version, String where) {
        Path inBuild = Path.of(workdir(build)).resolve(source).normalize();
        Path root = Path.of(workdir(build));
        assertThat(inBuild.startsWith(root)).as("%s: %s lies under the build stage's WORKDIR %s", where, source, root).isTrue();
        Path relative = root.relativize(inBuild);
        if (relative.getNameCount() == 3 && relative.getName(1).toString().equals("target")) {
            String module = relative.getName(0).toString();
            assertThat(modules).as("%s: %s is built by the Maven run (-pl)", where, source).contains(module);
            assertThat(relative.getFileName().toString()).as("%s: the exec jar of %s", where, module)
                    .isEqualTo(ComposeProject.artifactId(module) + "-" + version + "-exec.jar");
            return;
        }
        Set<String> copied = copiedIntoBuild(build);
        assertThat(copied.stream().anyMatch(c -> relative.startsWith(Path.of(c))))
                .as("%s: %s was copied into the build stage from the context (%s)", where, source, copied).isTrue();
        assertThat(Files.exists(ComposeProject.ROOT.resolve(relative))).as("%s: %s exists in the repository", where, relative).isTrue();
    }

    private static List<PathMatcher> dockerignore() {
        Path file = ComposeProject.ROOT.resolve(".dockerignore");
        assertThat(file).as(".dockerignore at the repository root").isRegularFile();
        List<PathMatcher> matchers = new ArrayList<>();
        for (String line : ComposeProject.read(file).split("\n")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#") || pattern.startsWith("!")) {
                continue;
            }
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
        }
        return matchers;
    }

    /** Whether a path or a directory above it matches a .dockerignore pattern. */
    private static boolean isIgnored(Path relative, List<PathMatcher> ignored) {
        for (Path p = relative; p != null; p = p.getParent()) {
            Path candidate = p;
            if (ignored.stream().anyMatch(m -> m.matches(candidate))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theDockerignoreKeepsBuildOutputsAndLocalStateOut() {
        List<PathMatcher> ignored = dockerignore();
        for (String path : List.of(".git", "target", "gateway-service/target", "generation-worker/target/classes",
                ".codesynth", "results-service/.codesynth/x", "node_modules", "tools/node_modules/x")) {
            assertThat(isIgnored(Path.of(path), ignored)).as(".dockerignore excludes %s", path).isTrue();
        }
        assertThat(isIgnored(Path.of("models/demo/model.safetensors"), ignored)).isFalse();
        assertThat(isIgnored(Path.of("generation-worker/src/main/java"), ignored)).isFalse();
    }
}
