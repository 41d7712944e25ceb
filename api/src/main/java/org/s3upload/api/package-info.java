/**
 * What a caller of a storage target uses: {@link org.s3upload.api.UploadTargets} finds a provider
 * and creates an {@link org.s3upload.api.UploadTarget}; {@link org.s3upload.api.UploadRequest}
 * describes one upload (its key is validated here, see {@link org.s3upload.api.ObjectKeys}) and
 * carries the {@link org.s3upload.api.Throttle} that limits how fast it sends;
 * {@link org.s3upload.api.Upload}, {@link org.s3upload.api.Progress} and
 * {@link org.s3upload.api.UploadListener} follow it; {@link org.s3upload.api.UploadResult} and
 * {@link org.s3upload.api.RemoteObject} prove what was stored; {@link org.s3upload.api.UploadException}
 * says what went wrong and whether to retry.
 *
 * <p>Providers implement {@code org.s3upload.spi}; their authors' helpers are in
 * {@code org.s3upload.spi.support}. These three packages are the public surface, and the only ones
 * the api's OSGi bundle exports.
 */
package org.s3upload.api;
