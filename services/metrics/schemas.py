from pydantic import BaseModel


class IndicatorRead(BaseModel):
    code: str
    name: str
    definition: str
    unit: str
    status: str
