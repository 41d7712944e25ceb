/**
 * What a storage provider implements: {@link org.s3upload.spi.UploadTargetProvider}, registered in
 * {@code META-INF/services/org.s3upload.spi.UploadTargetProvider} (and, for OSGi, offered as an
 * {@code osgi.serviceloader} capability), and the {@link org.s3upload.spi.ConfigKey}s it reads.
 * The target it creates implements {@link org.s3upload.api.UploadTarget}.
 *
 * <p>Take care when adding to this package: the intention is the minimal surface. See
 * {@link org.s3upload.spi.UploadTargetProvider#SPI_VERSION}.
 */
package org.s3upload.spi;
