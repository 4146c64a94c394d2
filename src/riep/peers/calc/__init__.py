"""Pure comparator maths: a value's position among its peers, and nearest neighbours. No Django, no I/O."""
from riep.peers.calc.neighbours import Neighbour, nearest_neighbours, standardise
from riep.peers.calc.position import Position, mad, median, position, quantile

__all__ = ["Neighbour", "Position", "mad", "median", "nearest_neighbours", "position", "quantile", "standardise"]
