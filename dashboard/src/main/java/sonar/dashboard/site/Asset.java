package sonar.dashboard.site;

/**
 * One file of the dashboard's pages, held in memory: its media type, its bytes, the same gzipped (null
 * when gzip would not make it smaller) and an entity tag made from its content. Immutable.
 */
public record Asset(String name, String contentType, byte[] bytes, byte[] gzipped, String etag) {}
