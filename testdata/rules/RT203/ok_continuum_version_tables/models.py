import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
from sqlalchemy_continuum import make_versioned

# SQLAlchemy-Continuum adds `articles_version` and `transaction` to the metadata when the
# mappers are configured; no class declares them.
make_versioned(user_cls=None)

Base = declarative_base()


class Article(Base):
    __tablename__ = "articles"
    __versioned__ = {}

    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(200), nullable=False)


sa.orm.configure_mappers()
