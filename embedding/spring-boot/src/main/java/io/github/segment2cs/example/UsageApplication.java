package io.github.segment2cs.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A host application: its own route (host/usage-routes.yaml) hands usage events to the library's Kamelet. */
@SpringBootApplication
public class UsageApplication {

    public static void main(String[] args) {
        SpringApplication.run(UsageApplication.class, args);
    }
}
