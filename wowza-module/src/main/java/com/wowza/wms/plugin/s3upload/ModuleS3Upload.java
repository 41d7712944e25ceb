package com.wowza.wms.plugin.s3upload;

/**
 * The original module's class name, kept so that migrating is a JAR swap: an Application.xml that
 * names {@code com.wowza.wms.plugin.s3upload.ModuleS3Upload} loads this module unchanged. Remove
 * the original module's JAR from {@code lib/} when installing ours, or the two classes clash.
 * New installations should name {@link org.s3upload.wowza.ModuleS3Upload}.
 */
public class ModuleS3Upload extends org.s3upload.wowza.ModuleS3Upload {
}
