package io.codesynth.gateway;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Closes a test class's cached Spring context once the whole test run is over, while the JVM is still
 * up. Left to the JVM's shutdown hooks, the context's embedded broker would stop while Kafka's own
 * hook deletes its log directory, and log storage errors; {@code @DirtiesContext} would avoid that
 * too, but at the price of a broker per test class.
 */
final class CloseSharedContextAfterAllTests implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CloseSharedContextAfterAllTests.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        if (spring instanceof ConfigurableApplicationContext closeable) {
            // the root store is closed when the run ends; AutoCloseable values in it are closed with it
            context.getRoot().getStore(NAMESPACE).computeIfAbsent(closeable, c -> (AutoCloseable) c::close);
        }
    }
}
