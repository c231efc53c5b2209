// tests/src/pages/api/rt/redirect.rs without `?kind=`
export default function handler(req, res) {
  res.redirect(req.query.to ?? '/login')
}
