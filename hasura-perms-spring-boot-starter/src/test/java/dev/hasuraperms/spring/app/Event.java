package dev.hasuraperms.spring.app;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

@Entity
@Table(name = "events")
public class Event {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Integer id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    private User user;

    private String type;

    @ColumnTransformer(write = "?::jsonb")
    private String data;

    private OffsetDateTime createdAt;
    private OffsetDateTime happenedAt;

    public Event() {
    }

    public Event(String type, String data) {
        this.type = type;
        this.data = data;
        this.createdAt = OffsetDateTime.now();
        this.happenedAt = this.createdAt;
    }

    public Integer getId() {
        return id;
    }

    public User getUser() {
        return user;
    }

    public void setUser(User user) {
        this.user = user;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getData() {
        return data;
    }

    public OffsetDateTime getHappenedAt() {
        return happenedAt;
    }

    public void setHappenedAt(OffsetDateTime happenedAt) {
        this.happenedAt = happenedAt;
    }
}
