# What bench/e2e.sh and bench/callgrind-server.sh send: each benchmark route's path, and the wrk
# script that makes echo's request a POST of bench/data/echo.json. Sourced by both, which run from
# the repository root (the script opens the body by a path relative to it).

ECHO_BODY=bench/data/echo.json
ECHO_LUA=bench/data/echo.lua

path_of() { # route → the path both servers answer it on
    case "$1" in
        user) echo /api/user ;;
        post) echo "/api/post/42?x=1" ;;
        echo) echo /api/echo ;;
        people) echo /api/people ;;
        *) echo "unknown route $1 (user, post, echo, people)" >&2; return 1 ;;
    esac
}
