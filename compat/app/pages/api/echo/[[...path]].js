// tests/src/pages/api/echo/[[...path]].rs
export default function handler(req, res) {
  res.status(200).json({ method: req.method, query: req.query, cookies: req.cookies, body: req.body ?? null })
}
