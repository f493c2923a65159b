package dev.selfheal.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.security.ControlAuth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Signs control commands for {@code control.auth: hmac}: adds ts, a random nonce and sig. The secret
 * comes from an environment variable, never the command line (which other users can read in ps).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign control commands (JSON, one per argument or per stdin line) with the HMAC secret.")
final class SignCommand implements Callable<Integer> {
    @Option(names = "--secret-env", defaultValue = "SELFHEAL_CONTROL_SECRET",
            description = "Environment variable holding the secret (default ${DEFAULT-VALUE}).")
    String secretEnv;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "Commands; none = read stdin lines.")
    List<String> commands = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ControlAuth auth = ControlAuth.hmac(System.getenv(secretEnv), 0);
        List<String> in = new ArrayList<>(commands);
        if (in.isEmpty()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String l; (l = r.readLine()) != null; ) {
                if (!l.isBlank()) {
                    in.add(l);
                }
            }
        }
        for (String line : in) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new IllegalArgumentException("not JSON: " + line);
            }
            System.out.println(auth.sign(n, System.currentTimeMillis()));
        }
        return 0;
    }
}
