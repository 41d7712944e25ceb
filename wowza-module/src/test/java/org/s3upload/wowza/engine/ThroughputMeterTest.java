package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputMeterTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ThroughputMeter meter = new ThroughputMeter(now::get);

    void seconds(long s) {
        now.addAndGet(s * 1000);
    }

    @Test
    void averagesWholeSecondsOverTheTimeCoveredAndForgetsWhatLeftTheWindow() {
        assertThat(meter.currentBytesPerSecond()).isZero();
        for (int i = 0; i < 10; i++) {
            meter.add(1000);
            seconds(1);
        }
        assertThat(meter.currentBytesPerSecond()).isEqualTo(1000);
        assertThat(meter.oneMinuteBytesPerSecond()).as("10 s covered so far").isEqualTo(1000);
        seconds(5);
        assertThat(meter.currentBytesPerSecond()).as("idle for five seconds").isZero();
        assertThat(meter.oneMinuteBytesPerSecond()).isEqualTo(10_000 / 15);
        seconds(60);
        assertThat(meter.oneMinuteBytesPerSecond()).as("the minute passed").isZero();
        meter.add(6000);
        assertThat(meter.currentBytesPerSecond()).as("the second still filling is not counted").isZero();
        seconds(1);
        assertThat(meter.currentBytesPerSecond()).isEqualTo(6000 / 5);
        assertThat(meter.oneMinuteBytesPerSecond()).isEqualTo(6000 / 60);
    }

    @Test
    void aLongPauseClearsEveryBucket() {
        meter.add(500);
        seconds(3600);
        assertThat(meter.oneMinuteBytesPerSecond()).isZero();
        assertThat(meter.currentBytesPerSecond()).isZero();
    }
}
