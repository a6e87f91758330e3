package profile

// Offset returns the first slot of the item's answer in a Response, and
// whether the scorer knows the item. A capability or tendency item fills that
// one slot; a scenario fills one slot per option from there on, in the order
// of its options.
func (s *Scorer) Offset(itemID string) (int, bool) {
	i, ok := s.byID[itemID]
	if !ok {
		return 0, false
	}
	return s.items[i].offset, true
}
