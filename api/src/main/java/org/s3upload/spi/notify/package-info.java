/**
 * Completion notifications: the listener SPI a third party implements to hear, at least once and
 * in order, that a recording was uploaded and proven, or that its upload failed permanently.
 *
 * <p>Implement {@link org.s3upload.spi.notify.CompletionListener} and make it findable: list the
 * class in {@code META-INF/services/org.s3upload.spi.notify.CompletionListener} of a JAR that
 * Wowza's module class loader sees (next to the module JAR in Wowza's {@code lib/}), or name it in
 * the application property {@code s3UploadListeners} (comma-separated class names). The module
 * journals every event durably before it forgets the recording, and delivers from that journal;
 * see {@link org.s3upload.spi.notify.CompletionListener} for the contract. JDK only.
 */
package org.s3upload.spi.notify;
