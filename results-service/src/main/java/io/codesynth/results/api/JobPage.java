package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One page of a tenant's jobs, newest first.
 *
 * @param page  0-based page number
 * @param size  page size asked for
 * @param total jobs matching the filter, on all pages
 */
@JsonPropertyOrder({"items", "page", "size", "total"})
public record JobPage(List<JobView> items, int page, int size, long total) {
}
