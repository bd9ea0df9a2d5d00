package io.codesynth.results.api;

import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): the read
 * API generated from this service's controllers, plus the gateway's {@code POST /v1/jobs} from
 * {@code openapi/gateway-submission.yaml}, so that one document describes the public API as a client
 * sees it through the gateway.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";
    // not "Problem": that is the name of the contracts' problem (a programming task) in the generated schemas
    private static final String PROBLEM = "ProblemDocument";

    @Bean
    OpenAPI codesynthApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("CodeSynth API")
                        .version("v1")
                        .description("""
                                Submit programming problems, follow the job live, read ranked and verified \
                                candidates. Clients call the gateway (default port 8080), which serves POST /v1/jobs \
                                and forwards every GET under /v1/jobs to the results service (default port 8081). \
                                Every request needs `Authorization: Bearer <api key>`; a tenant sees only its own \
                                jobs (403 for another tenant's job). Errors are RFC 9457 problem documents."""))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("the tenant's API key")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    /** Adds the gateway's submission and the problem answers every read route can give. */
    @Bean
    OpenApiCustomizer gatewaySubmissionAndProblems() {
        OpenAPI submission = readFragment();
        return api -> {
            // added here, after the schemas of the controllers were generated, which replace earlier ones
            api.getComponents().addSchemas(PROBLEM, new Schema<>()
                    .type("object")
                    .description("RFC 9457 problem details")
                    .addProperty("type", new Schema<>().type("string"))
                    .addProperty("title", new Schema<>().type("string"))
                    .addProperty("status", new Schema<>().type("integer"))
                    .addProperty("detail", new Schema<>().type("string"))
                    .addProperty("instance", new Schema<>().type("string")));
            PathItem fragment = submission.getPaths().get("/v1/jobs");
            PathItem jobs = api.getPaths().computeIfAbsent("/v1/jobs", path -> new PathItem());
            jobs.setPost(fragment.getPost());
            submission.getComponents().getSchemas().forEach(api.getComponents()::addSchemas);
            submission.getComponents().getResponses().forEach(api.getComponents()::addResponses);
            api.getPaths().forEach((path, item) -> {
                if (item.getGet() != null && path.startsWith("/v1/")) {
                    item.getGet().getResponses().addApiResponse("401", problem("no or an unknown API key"));
                    if (path.contains("{jobId}")) {
                        item.getGet().getResponses()
                                .addApiResponse("403", problem("the job belongs to another tenant"))
                                .addApiResponse("404", problem("no such job (or task)"));
                    }
                }
            });
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static OpenAPI readFragment() {
        try (InputStream in = new ClassPathResource("openapi/gateway-submission.yaml").getInputStream()) {
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read openapi/gateway-submission.yaml", e);
        }
    }
}
