package org.s3upload.examples.webdav;

/** One resource as a PROPFIND reported it. Immutable. */
final class DavResource {
    /** The decoded path on the server, as in the response's href. */
    final String path;
    final boolean collection;
    /** -1 when the server did not say. */
    final long length;
    final String etag;
    final String lastModified;
    final String contentType;

    DavResource(String path, boolean collection, long length, String etag, String lastModified, String contentType) {
        this.path = path;
        this.collection = collection;
        this.length = length;
        this.etag = etag;
        this.lastModified = lastModified;
        this.contentType = contentType;
    }

    /**
     * What identifies this version of the resource: the ETag when the server gives one, else the
     * modification time. A manifest recorded for another version does not describe this one.
     */
    String version() {
        if (etag != null) {
            return "etag:" + etag;
        }
        return lastModified != null ? "modified:" + lastModified : "";
    }

    /** Milliseconds since the epoch of the last modification, or 0 when unknown or unreadable. */
    long lastModifiedMillis() {
        if (lastModified == null) {
            return 0;
        }
        try {
            return java.time.ZonedDateTime.parse(lastModified, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }
}
