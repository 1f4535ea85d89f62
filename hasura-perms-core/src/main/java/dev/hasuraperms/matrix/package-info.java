/**
 * The permission matrix: for every role × table × operation, whether a permission exists and what it is (columns,
 * limit, presets, session variables, filter and check as the SQL the backends emit), as an API and as text, JSON or
 * Markdown reports.
 */
package dev.hasuraperms.matrix;
