package org.s3upload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 unicode ü日本😀 separator \u2028");
        m.put("long", Long.MAX_VALUE);
        m.put("negative", -42L);
        m.put("double", 1.5);
        m.put("true", true);
        m.put("false", false);
        m.put("null", null);
        m.put("list", Arrays.asList(1L, "two", null, new ArrayList<>()));
        m.put("nested", new LinkedHashMap<>(Map.of("a", 1L)));
        m.put("empty", new LinkedHashMap<>());
        String text = Json.write(m);
        assertThat(Json.parseObject(text)).isEqualTo(m);
        assertThat(Json.write(Json.parseObject(text))).isEqualTo(text);
    }

    @Test
    void writesIntegersAsIntegersAndKeepsOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 3);
        m.put("a", (short) 2);
        assertThat(Json.write(m)).isEqualTo("{\"z\":3,\"a\":2}");
        assertThat(Json.parse("7")).isEqualTo(7L);
        assertThat(Json.parse("-0.5e1")).isEqualTo(-5.0);
    }

    @Test
    void readsEscapesAndBlanks() {
        assertThat(Json.parse(" \t\r\n\"a\\/b\\u00e9\\b\\f\" ")).isEqualTo("a/b\u00e9\b\f");
        assertThat(Json.parse("[ 1 , [ ] , { } ]")).isEqualTo(List.of(1L, List.of(), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "\"open", "\"bad \\x escape\"",
            "\"\\u12\"", "\"\\uzzzz\"", "tru", "nul", "1 2", "{\"a\":1} x", "01x", "-", "1.2.3", "\"tab\tinside\"",
            "{\"a\":1,\"a\":2}", "'single'"})
    void rejectsMalformedJsonWithItsOffset(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON at offset");
    }

    @Test
    void rejectsNullAndNonObjectsWhereAnObjectIsExpected() {
        assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> Json.parseObject("null")).hasMessageContaining("null");
    }

    @Test
    void limitsNestingDepth() {
        String ok = "[".repeat(60) + "]".repeat(60);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting deeper than");
        String deepObjects = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> Json.parse(deepObjects)).hasMessageContaining("nesting deeper than");
    }

    @Test
    void refusesValuesJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
