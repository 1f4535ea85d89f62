CREATE TABLE projects (
    id       int  PRIMARY KEY,
    owner_id int  NOT NULL,
    name     text NOT NULL
);

CREATE TABLE todos (
    id         serial  PRIMARY KEY,
    project_id int     NOT NULL REFERENCES projects (id),
    title      text    NOT NULL,
    done       boolean NOT NULL DEFAULT false,
    created_by text
);
