/**
 * hasura-perms for Spring: Spring Data JPA Specifications and a Hibernate write guard from Hasura permissions, a
 * SessionResolver for Spring Security JWTs. The Spring Boot auto-configuration is in
 * hasura-perms-spring-boot-starter. Spring, Hibernate and jOOQ are
 * optional ({@code requires static}): the host application provides them.
 */
module dev.hasuraperms.spring {
    requires transitive dev.hasuraperms.core;
    requires transitive dev.hasuraperms.jdbc;
    requires java.sql;
    requires org.slf4j;
    requires static java.naming;

    requires static dev.hasuraperms.jooq;
    requires static org.jooq;
    requires static spring.core;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.tx;
    requires static spring.data.commons;
    requires static spring.data.jpa;
    requires static spring.aop;
    requires static spring.orm;
    requires static spring.web;
    requires static spring.security.core;
    requires static spring.security.oauth2.core;
    requires static spring.security.oauth2.jose;
    requires static jakarta.persistence;
    requires static jakarta.servlet;
    requires static org.hibernate.orm.core;

    exports dev.hasuraperms.spring;
    exports dev.hasuraperms.spring.jpa;
    exports dev.hasuraperms.spring.web;
}
