"""Courses, modules, lessons and enrolment."""
