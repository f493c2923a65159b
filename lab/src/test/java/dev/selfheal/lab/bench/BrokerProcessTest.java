package dev.selfheal.lab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerProcessTest {
    @Test
    void cpuTimeIsUserPlusSystemTicksCountedAfterTheCommandName() {
        // A command name with a space and a parenthesis must not shift the fields.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 80 0 1000 "
                + "5000000000 300000 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";
        assertThat(BrokerProcess.cpuNanos(stat)).isEqualTo((1234 + 567) * 10_000_000L);
    }

    @Test
    void thisProcessReadsAsItsOwnCpuTime() {
        BrokerProcess self = new BrokerProcess(ProcessHandle.current().pid(), "test");
        long before = self.cpuNanos();
        long spin = System.nanoTime() + 200_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
        assertThat(self.cpuNanos()).isGreaterThan(before);
        assertThat(new BrokerProcess(Long.MAX_VALUE, "gone").cpuNanos()).isEqualTo(-1);
    }
}
