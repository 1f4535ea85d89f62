package dev.hasuraperms.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The headers of the current servlet request (Spring MVC's {@link RequestContextHolder}). */
public final class RequestHeaders {

    private RequestHeaders() {
    }

    /**
     * The value of header {@code name} of the current request.
     *
     * @param name the header name (case-insensitive, as the servlet container matches it)
     * @return the header's first value; empty outside a request or when absent
     */
    public static Optional<String> current(String name) {
        return request().map(r -> r.getHeader(name));
    }

    /**
     * Every header of the current request (names as sent).
     *
     * @return each header name with its values, never null; empty outside a request
     */
    public static Map<String, List<String>> all() {
        Optional<HttpServletRequest> request = request();
        if (request.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(request.get().getHeaderNames())) {
            out.put(name, new ArrayList<>(Collections.list(request.get().getHeaders(name))));
        }
        return out;
    }

    private static Optional<HttpServletRequest> request() {
        RequestAttributes a = RequestContextHolder.getRequestAttributes();
        return a instanceof ServletRequestAttributes s ? Optional.of(s.getRequest()) : Optional.empty();
    }
}
