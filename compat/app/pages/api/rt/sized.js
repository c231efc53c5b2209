// tests/src/pages/api/rt/sized.rs: `?n=` bytes of text, `?type=` Content-Type, `?cc=` Cache-Control
export default function handler(req, res) {
  if (req.query.type) res.setHeader('Content-Type', req.query.type)
  if (req.query.cc) res.setHeader('Cache-Control', req.query.cc)
  res.send('x'.repeat(Number(req.query.n ?? 10)))
}
