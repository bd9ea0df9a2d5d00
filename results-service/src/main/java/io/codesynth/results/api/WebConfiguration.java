package io.codesynth.results.api;

import io.codesynth.contracts.auth.ApiKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * API keys and the authentication of the {@code /v1} API; the dashboard at {@code /dashboard/}.
 * The dashboard's files live in {@code classpath:/dashboard/}, not in Boot's {@code static/}: the
 * standalone runtime puts every service on one class path, and a {@code static/} folder would be
 * served by all of them.
 */
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

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/dashboard/**").addResourceLocations("classpath:/dashboard/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/dashboard/");
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }
}
