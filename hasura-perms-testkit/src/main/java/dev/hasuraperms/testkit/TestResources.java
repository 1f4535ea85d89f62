package dev.hasuraperms.testkit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locations of the extension's files: classpath resources, or {@code file:} paths. */
final class TestResources {

    private TestResources() {
    }

    /**
     * The file or directory at {@code location}: {@code file:path} relative to the working directory, else a classpath
     * resource of {@code loader} (or the thread's context class loader) that is a file or directory.
     */
    static Path path(String location, ClassLoader loader) {
        if (location.isBlank()) {
            throw new IllegalArgumentException("empty location (a classpath resource, or file:path)");
        }
        if (location.startsWith("file:")) {
            return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
        }
        String name = location.startsWith("/") ? location.substring(1) : location;
        ClassLoader l = loader != null ? loader : Thread.currentThread().getContextClassLoader();
        URL url = l != null ? l.getResource(name) : null;
        if (url == null) {
            url = TestResources.class.getClassLoader().getResource(name);
        }
        if (url == null) {
            throw new IllegalArgumentException("no classpath resource " + name
                    + " (put it under src/test/resources, or give a file-system path as file:path)");
        }
        if (!"file".equals(url.getProtocol())) {
            throw new IllegalArgumentException("the classpath resource " + name + " is not a file or directory (" + url
                    + "): the testkit reads metadata, schemas and scenario files from directories on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the classpath resource " + name + " has no file path: " + url, e);
        }
    }
}
