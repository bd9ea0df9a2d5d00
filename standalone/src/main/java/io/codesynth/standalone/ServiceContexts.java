package io.codesynth.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The services of one standalone run, each in its own Spring application context with its own
 * configuration ({@code <service-name>.yml}), started in order and closed in reverse.
 *
 * <p>The standalone's properties are passed as command-line arguments of each context, because those
 * outrank the service's own configuration file (properties set as defaults would lose against the
 * file's {@code server.port}).
 */
final class ServiceContexts implements AutoCloseable {

    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final List<PipelineService> services = new ArrayList<>();

    private ServiceContexts() {
    }

    /**
     * Starts {@code services} in order. If one fails, those already started are closed again and the
     * failure names the service.
     *
     * @param ports the HTTP port of each service; 0 or no entry picks a free port
     */
    static ServiceContexts start(List<PipelineService> services, ServiceEnvironment environment,
                                 Map<PortSetting, Integer> ports) {
        ServiceContexts started = new ServiceContexts();
        for (PipelineService service : services) {
            try {
                int port = ports.getOrDefault(service.port(), 0);
                started.contexts.put(service.name(), startOne(service, environment, port, started));
                started.services.add(service);
            } catch (RuntimeException e) {
                IllegalStateException failure = new IllegalStateException(
                        service.name() + " did not start: " + rootMessage(e), e);
                try {
                    started.close();
                } catch (RuntimeException cleanup) {
                    failure.addSuppressed(cleanup);
                }
                throw failure;
            }
        }
        return started;
    }

    /** The services started, in start order. */
    List<PipelineService> started() {
        return List.copyOf(services);
    }

    boolean isRunning(String service) {
        ConfigurableApplicationContext context = contexts.get(service);
        return context != null && context.isActive();
    }

    /**
     * The bean of {@code type} in a started service's context: what the service actually runs with, for the
     * banner.
     */
    <T> T bean(String service, Class<T> type) {
        ConfigurableApplicationContext context = contexts.get(service);
        if (context == null) {
            throw new IllegalArgumentException("no service '" + service + "' was started");
        }
        return context.getBean(type);
    }

    /** The port the service's web server listens on (the real one when it was started with port 0). */
    int port(String service) {
        ConfigurableApplicationContext context = contexts.get(service);
        if (context == null) {
            throw new IllegalArgumentException("no service '" + service + "' was started before this one");
        }
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Base URL of a started service, without a trailing slash. */
    String url(String service) {
        return "http://localhost:" + port(service);
    }

    /** Closes the contexts, the last started first; every context is closed even if one fails. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(contexts.keySet());
        RuntimeException failure = null;
        for (int i = names.size() - 1; i >= 0; i--) {
            try {
                String name = names.get(i);
                services.removeIf(service -> service.name().equals(name));
                contexts.remove(name).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping " + names.get(i) + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static ConfigurableApplicationContext startOne(PipelineService service, ServiceEnvironment environment,
                                                           int port, ServiceContexts startedBefore) {
        Map<String, String> properties = new LinkedHashMap<>();
        // only <name>.yml: a shared application.yml would give every service the same settings, ports included
        properties.put("spring.config.name", service.name());
        properties.put("server.port", String.valueOf(port));
        properties.putAll(environment.properties(service.database(), service.apiDocs()));
        properties.putAll(service.ownProperties().apply(startedBefore));
        // several contexts share this JVM: JMX names would clash, and only the standalone stops them
        properties.put("spring.jmx.enabled", "false");
        properties.put("logging.register-shutdown-hook", "false");
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        SpringApplication application = service.application().get();
        // name the service in its start-up log line instead of the class that called run()
        application.getAllSources().stream().filter(Class.class::isInstance).map(Class.class::cast).findFirst()
                .ifPresent(application::setMainApplicationClass);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        return application.run(args);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
