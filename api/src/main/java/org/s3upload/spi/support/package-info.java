/**
 * Helpers for provider authors, so that every provider behaves alike without writing the same
 * code again: {@link org.s3upload.spi.support.Setting} and
 * {@link org.s3upload.spi.support.SettingsReader} (each configuration key declared once; parsing,
 * messages and {@code configKeys()} derived from the declaration),
 * {@link org.s3upload.spi.support.UploadOutcome} (the settle-once outcome of an
 * {@link org.s3upload.api.Upload}) and {@link org.s3upload.spi.support.AbstractUpload} (an
 * {@code Upload} handle built on it, for a provider's handle to extend), {@link org.s3upload.spi.support.ResumeTokens} (the token
 * envelope), {@link org.s3upload.spi.support.Checksums},
 * {@link org.s3upload.spi.support.FileFingerprint} and {@link org.s3upload.spi.support.ThrottleGate}
 * (draws from an upload's {@link org.s3upload.api.Throttle}, and wakes them when it is paused).
 * Nothing here is required: a provider may use any of it, or none.
 */
package org.s3upload.spi.support;
