/**
 * Implementation shared by this project's own modules: the JSON reader and writer, the media-type
 * table and the size parser. <b>Not API</b>: the api bundle does not export this package (bnd
 * copies what a bundle uses into it), and a type here may change or disappear in any release. A
 * provider written outside this project must not use it.
 */
package org.s3upload.internal;
