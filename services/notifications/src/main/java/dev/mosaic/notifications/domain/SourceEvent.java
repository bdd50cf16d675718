package dev.mosaic.notifications.domain;

/** The event a notification tells about; {@code (source, id)} identifies it, so it is told at most once. */
public record SourceEvent(String source, String id, String type) {
}
