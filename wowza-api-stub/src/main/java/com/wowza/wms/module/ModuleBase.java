package com.wowza.wms.module;

/**
 * Compile-only stand-in for Wowza's module base class. Wowza finds a module's event methods
 * ({@code onAppStart}, {@code onAppStop}, ...) by reflection, so the real class declares none of them.
 */
public abstract class ModuleBase {
    public ModuleBase() {
    }
}
