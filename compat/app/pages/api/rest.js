// tests/src/pages/api/rest.rs (examples/api-routes-rest's method switch)
export default function handler(req, res) {
  switch (req.method) {
    case 'GET':
      return res.status(200).json({ id: 1, name: 'User 1' })
    default:
      res.setHeader('Allow', ['GET', 'PUT'])
      res.status(405).end(`Method ${req.method} Not Allowed`)
  }
}
