// Sends the same raw HTTP/1.1 requests to `next start` and to api-routes and reports every
// difference in status, headers and body. Usage (run.sh does this):
//
//   node compare.mjs NEXT_PORT TESTS_PORT CORS_PORT known-differences.txt
//
// Each case names the api-routes server that ports the route: `tests` (the `api-routes-tests`
// crate) or `cors` (`examples/api-routes-cors`); Next.js serves both from one app. A difference
// is `<case> status`, `<case> body` or `<case> header <name>`; those listed in the known-differences
// file (each documented in README's "Where we differ from Next.js on purpose" or
// docs/nextjs-compat.md) are reported but do not fail the run. `<case> *` lists every difference
// of a case at once, for answers that differ as a whole.

import { readFileSync } from 'node:fs'
import net from 'node:net'
import zlib from 'node:zlib'

const [nextPort, testsPort, corsPort, knownFile] = process.argv.slice(2).map((a, i) => (i < 3 ? Number(a) : a))
const ours = { tests: testsPort, cors: corsPort }

// Headers that say when or how a connection was used, not what was answered.
const IGNORED = new Set(['date', 'connection', 'keep-alive'])

const GZIP = 'Accept-Encoding: gzip'
const LARGE_JSON = '/api/rt/sized?n=5000&type=application/json'

/** [name, server, method, path, header lines, body] */
const CASES = [
  ['user', 'tests', 'GET', '/api/user', [], null],
  ['user-gzip', 'tests', 'GET', '/api/user', [GZIP], null],
  ['user-head', 'tests', 'HEAD', '/api/user', [GZIP], null],
  ['user-304', 'tests', 'GET', '/api/user', ['If-None-Match: "wjzyexk8pqj"'], null],
  ['user-head-304', 'tests', 'HEAD', '/api/user', ['If-None-Match: "wjzyexk8pqj"', GZIP], null],
  ['large-json', 'tests', 'GET', LARGE_JSON, [], null],
  ['large-json-gzip', 'tests', 'GET', LARGE_JSON, [GZIP], null],
  ['large-json-deflate', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: deflate'], null],
  ['large-json-all', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: gzip, deflate, br, zstd'], null],
  ['large-json-br-only', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: br'], null],
  ['large-json-gzip-q0', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: gzip;q=0'], null],
  ['large-json-star', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: *'], null],
  ['large-json-deflate-preferred', 'tests', 'GET', LARGE_JSON, ['Accept-Encoding: deflate;q=1, gzip;q=0.5'], null],
  ['large-json-head', 'tests', 'HEAD', LARGE_JSON, [GZIP], null],
  ['text-1023', 'tests', 'GET', '/api/rt/sized?n=1023&type=text/plain', [GZIP], null],
  ['text-1024', 'tests', 'GET', '/api/rt/sized?n=1024&type=text/plain', [GZIP], null],
  ['no-type', 'tests', 'GET', '/api/rt/sized?n=5000', [GZIP], null],
  ['png', 'tests', 'GET', '/api/rt/sized?n=5000&type=image/png', [GZIP], null],
  ['svg', 'tests', 'GET', '/api/rt/sized?n=5000&type=image/svg%2Bxml', [GZIP], null],
  ['octet-stream', 'tests', 'GET', '/api/rt/sized?n=5000&type=application/octet-stream', [GZIP], null],
  ['event-stream-type', 'tests', 'GET', '/api/rt/sized?n=5000&type=text/event-stream', [GZIP], null],
  ['no-transform', 'tests', 'GET', '/api/rt/sized?n=5000&type=text/plain&cc=public,%20no-transform', [GZIP], null],
  ['redirect', 'tests', 'GET', '/api/rt/redirect', [GZIP], null],
  ['trailing-slash', 'tests', 'GET', '/api/user/?a=1', [GZIP], null],
  ['rest-405', 'tests', 'DELETE', '/api/rest', [GZIP], null],
  ['rest-get', 'tests', 'GET', '/api/rest', [GZIP], null],
  ['not-found', 'tests', 'GET', '/api/nothing/here/at/all', [], null],
  ['echo-get', 'tests', 'GET', '/api/echo/a/b?x=1&x=2', ['Cookie: a=1; b="2"'], null],
  ['echo-json', 'tests', 'POST', '/api/echo', ['Content-Type: application/json'], '{"a":[1,2,{"b":null}]}'],
  ['echo-form', 'tests', 'POST', '/api/echo', ['Content-Type: application/x-www-form-urlencoded'], 'a=1&a=2&b='],
  ['echo-text', 'tests', 'POST', '/api/echo', ['Content-Type: text/plain'], 'hello'],
  ['echo-invalid-json', 'tests', 'POST', '/api/echo', ['Content-Type: application/json'], '{"a":'],
  ['echo-nested-200', 'tests', 'POST', '/api/echo', ['Content-Type: application/json'], '['.repeat(200) + ']'.repeat(200)],
  ['echo-lone-surrogate', 'tests', 'POST', '/api/echo', ['Content-Type: application/json'], '{"a":"\\ud800"}'],
  ['dot-segments', 'tests', 'GET', '/api/x/../user', [], null],
  ['method-lowercase', 'tests', 'get', '/api/echo', [], null],
  ['method-unknown', 'tests', 'FOO', '/api/echo', [], null],
  ['method-propfind', 'tests', 'PROPFIND', '/api/echo', [], null],
  ['method-query', 'tests', 'QUERY', '/api/echo', [], null],
  ['header-16k', 'tests', 'GET', '/api/user', ['X-Pad: ' + 'a'.repeat(16 * 1024)], null],
  ['header-15k', 'tests', 'GET', '/api/user', ['X-Pad: ' + 'a'.repeat(15 * 1024)], null],
  ['cl-and-te', 'tests', 'POST', '/api/echo', ['Content-Type: text/plain', 'Content-Length: 5', 'Transfer-Encoding: chunked'], '5\r\nhello\r\n0\r\n\r\n'],
  ['cors-get', 'cors', 'GET', '/api/cors', ['Origin: https://example.com'], null],
  ['cors-preflight', 'cors', 'OPTIONS', '/api/cors', ['Origin: https://example.com', 'Access-Control-Request-Method: POST', 'Access-Control-Request-Headers: content-type'], null],
  ['cors-preflight-two-lines', 'cors', 'OPTIONS', '/api/cors', ['Origin: https://example.com', 'Access-Control-Request-Headers: content-type', 'Access-Control-Request-Headers: x-custom'], null],
]

function send(port, method, path, lines, body) {
  let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`
  for (const line of lines) head += line + '\r\n'
  const framed = lines.some((line) => /^(content-length|transfer-encoding):/i.test(line))
  if (body !== null && !framed) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`
  head += '\r\n'
  return new Promise((resolve) => {
    const chunks = []
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head + (body ?? '')))
    socket.setTimeout(5000, () => socket.destroy())
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', () => {})
    socket.on('close', () => resolve(parse(Buffer.concat(chunks), method)))
  })
}

function parse(bytes, method) {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return { status: 'no answer', headers: [], body: '' }
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const headers = lines
    .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])
    .filter(([name]) => !IGNORED.has(name))
  let body = bytes.subarray(end + 4)
  const value = (name) => headers.find(([n]) => n === name)?.[1]
  if (value('transfer-encoding') === 'chunked') body = dechunk(body)
  try {
    if (value('content-encoding') === 'gzip') body = zlib.gunzipSync(body)
    if (value('content-encoding') === 'deflate') body = zlib.inflateSync(body)
  } catch {
    body = Buffer.from('<undecodable body>')
  }
  return { status: statusLine, headers, body: method === 'HEAD' ? '' : body.toString('utf8') }
}

function dechunk(bytes) {
  const out = []
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n')
    if (lineEnd < 0) break
    const size = parseInt(bytes.subarray(0, lineEnd).toString(), 16)
    if (!size) break
    out.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size))
    bytes = bytes.subarray(lineEnd + 2 + size + 2)
  }
  return Buffer.concat(out)
}

/** Header name → values joined in order, for comparison. */
function headerMap(headers) {
  const map = new Map()
  for (const [name, value] of headers) map.set(name, map.has(name) ? `${map.get(name)} | ${value}` : value)
  return map
}

const known = new Set(
  readFileSync(knownFile, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().replace(/\s+/g, ' '))
    .filter(Boolean),
)
const seen = new Set()
let unexpected = 0
for (const [name, server, method, path, lines, body] of CASES) {
  const next = await send(nextPort, method, path, lines, body)
  const mine = await send(ours[server], method, path, lines, body)
  const differences = []
  if (next.status !== mine.status) differences.push(['status', next.status, mine.status])
  const nextHeaders = headerMap(next.headers)
  const myHeaders = headerMap(mine.headers)
  for (const header of new Set([...nextHeaders.keys(), ...myHeaders.keys()])) {
    if (nextHeaders.get(header) !== myHeaders.get(header)) {
      differences.push([`header ${header}`, nextHeaders.get(header), myHeaders.get(header)])
    }
  }
  if (next.body !== mine.body) differences.push(['body', next.body, mine.body])
  for (const [what, theirs, ourValue] of differences) {
    const key = `${name} ${what}`
    const listed = [key, `${name} *`].find((entry) => known.has(entry))
    seen.add(listed ?? key)
    const mark = listed ? 'known' : 'NEW'
    if (!listed) unexpected += 1
    const show = (v) => (v === undefined ? '(none)' : JSON.stringify(String(v).slice(0, 120)))
    console.log(`${mark.padEnd(5)} ${key}\n      next.js:    ${show(theirs)}\n      api-routes: ${show(ourValue)}`)
  }
}
for (const key of known) {
  if (!seen.has(key)) console.log(`gone  ${key} (listed as known, no longer differs: remove it)`)
}
console.log(`${CASES.length} cases, ${unexpected} differences not known`)
process.exit(unexpected ? 1 : 0)
