package io.codesynth.results.api;

import io.codesynth.contracts.auth.ApiKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** API keys and the authentication of the {@code /v1} API. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final ApiKeys apiKeys;

    WebConfiguration(SecuritySettings settings) {
        this.apiKeys = ApiKeyCheck.apiKeys(settings);
    }

    @Bean
    ApiKeys apiKeys() {
        return apiKeys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyAuthentication(apiKeys)).addPathPatterns("/v1/**");
    }
}
