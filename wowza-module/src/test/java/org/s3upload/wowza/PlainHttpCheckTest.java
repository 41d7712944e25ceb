package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainHttpCheckTest {

    @Test
    void warnsOnlyForPlainHttpToAnotherMachineAndNeverRepeatsTheUrl() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("endpoint", "http://user:hunter2@storage.example.com:9000");
        c.put("mirror", "HTTP://10.1.2.3/dav");
        c.put("local", "http://127.0.0.1:9000");
        c.put("named-local", "http://localhost:9000");
        c.put("v6-local", "http://[::1]:9000");
        c.put("secure", "https://storage.example.com");
        c.put("bucket", "recordings");
        assertThat(PlainHttpCheck.warnings("s3", c))
                .hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("'endpoint'").contains("storage.example.com").contains("https"))
                .anySatisfy(w -> assertThat(w).contains("'mirror'").contains("10.1.2.3"))
                .allSatisfy(w -> assertThat(w).doesNotContain("hunter2").doesNotContain("user:"));
    }
}
