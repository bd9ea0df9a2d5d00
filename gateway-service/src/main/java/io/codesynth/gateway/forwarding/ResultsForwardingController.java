package io.codesynth.gateway.forwarding;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every read route under {@code /v1/jobs} is served by results-service; the gateway authenticates the
 * key first (results-service checks that the job belongs to the key's tenant).
 */
@RestController
class ResultsForwardingController {

    private final ResultsProxy proxy;

    ResultsForwardingController(ResultsProxy proxy) {
        this.proxy = proxy;
    }

    @GetMapping({"/v1/jobs", "/v1/jobs/**"})
    void forward(HttpServletRequest request, HttpServletResponse response) throws IOException {
        proxy.forward(request, response);
    }
}
