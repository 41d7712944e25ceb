package com.wowza.wms.application;

import java.util.HashMap;

/**
 * Compile-only stand-in for Wowza's property map. The real class is a {@code HashMap} subclass
 * whose typed getters convert String values; this one does the same so that tests can build an
 * application's properties the way Application.xml does (every value a String, or a typed value).
 */
public class WMSProperties extends HashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    public WMSProperties() {
    }

    public Object getProperty(String name) {
        return get(name);
    }

    public void setProperty(String name, Object value) {
        put(name, value);
    }

    public String getPropertyStr(String name) {
        return getPropertyStr(name, null);
    }

    public String getPropertyStr(String name, String defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : v.toString();
    }

    public boolean getPropertyBoolean(String name, boolean defaultValue) {
        Object v = get(name);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        return v == null ? defaultValue : Boolean.parseBoolean(v.toString().trim());
    }

    public long getPropertyLong(String name, long defaultValue) {
        Object v = get(name);
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            return v == null ? defaultValue : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public int getPropertyInt(String name, int defaultValue) {
        Object v = get(name);
        if (v instanceof Number) {
            return ((Number) v).intValue();
        }
        try {
            return v == null ? defaultValue : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }
}
